import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { JsonFileStore } from '../../src-main/host/json-file-store.js'
import { REPO_ROOT } from '../helpers/cli-process.js'

// kill -9 in the middle of saving the library: the next start must read a whole file.

let dir = ''

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** A process that saves a large, changing library as fast as it can, forever. */
function startSaving(path: string): ChildProcess {
  const script = `
    import { JsonFileStore } from ${JSON.stringify(join(REPO_ROOT, 'src-main/host/json-file-store.ts'))}
    const store = new JsonFileStore(${JSON.stringify(path)})
    const items = Array.from({ length: 2000 }, (_, i) => ({ infoHash: i.toString(16).padStart(40, '0'), name: 'x'.repeat(200) }))
    process.send('saving')
    for (let round = 0; ; round++) await store.save({ version: 1, round, items })
  `
  return spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
}

describe('a crash while saving', () => {
  it('always leaves a whole library behind (five kill -9 at random moments)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw-crash-write-'))
    const path = join(dir, 'library.json')
    for (let kill = 0; kill < 5; kill++) {
      const child = startSaving(path)
      await once(child, 'message')
      await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 300))
      child.kill('SIGKILL')
      await once(child, 'exit')
      const warnings: string[] = []
      const saved = (await new JsonFileStore(path, { onWarning: (m) => warnings.push(m) }).load()) as {
        round: number
        items: unknown[]
      }
      expect(warnings).toEqual([])
      expect(saved.items).toHaveLength(2000)
      expect(saved.round).toBeGreaterThanOrEqual(0)
    }
    // Temp files of interrupted saves may stay; the library itself is never replaced by one.
    expect((await readdir(dir)).filter((n) => n.includes('corrupt'))).toEqual([])
  })
})
