import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startAppHost } from '../../src-main/host/app-host.js'
import type { AppHostHandle } from '../../src-main/host/types.js'
import { testHostOptions } from '../helpers/app-host.js'

const HOUR = 3_600_000
const OLD = 'a'.repeat(40)
const RECENT = 'b'.repeat(40)

let dataDir = ''
let host: AppHostHandle | undefined

afterAll(async () => {
  await host?.close()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

function record(infoHash: string, name: string, lastActiveAt: number) {
  return {
    infoHash,
    name,
    length: 100,
    downloaded: 100,
    files: [],
    addedAt: lastActiveAt,
    lastActiveAt,
    positions: [],
  }
}

describe('the retention sweep when the app starts', () => {
  it('deletes downloads nothing has opened for 24 hours and keeps newer ones, on disk and in the library', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pw-retention-'))
    const downloads = join(dataDir, 'downloads')
    for (const infoHash of [OLD, RECENT]) {
      await mkdir(join(downloads, infoHash), { recursive: true })
      await writeFile(join(downloads, infoHash, 'film.mkv'), Buffer.alloc(100, 1))
    }
    const now = Date.now()
    await writeFile(
      join(dataDir, 'library.json'),
      JSON.stringify({
        version: 1,
        items: [record(OLD, 'Old Film', now - 30 * HOUR), record(RECENT, 'New Film', now - 2 * HOUR)],
      }),
    )
    host = await startAppHost(testHostOptions(dataDir))
    const list = await host.api.request('library-list', {})
    expect(list.ok && list.value.items.map((i) => i.name)).toEqual(['New Film'])
    expect(existsSync(join(downloads, OLD))).toBe(false)
    expect(existsSync(join(downloads, RECENT, 'film.mkv'))).toBe(true)
    const kept = list.ok ? list.value.items[0] : undefined
    // Shown in the library as "Removed in 22 h".
    expect(kept?.removeAt).toBe(now - 2 * HOUR + 24 * HOUR)
  })
})
