import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { JsonFileStore } from '../../src-main/host/json-file-store.js'

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-store-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('JsonFileStore', () => {
  it('has nothing before the first save, and keeps what was saved (creating the folder)', async () => {
    const path = join(dir, 'nested', 'state', 'settings.json')
    const warnings: string[] = []
    const store = new JsonFileStore<{ a: number }>(path, { onWarning: (m) => warnings.push(m) })
    expect(await store.load()).toBeUndefined()
    await store.save({ a: 1 })
    expect(await new JsonFileStore(path).load()).toEqual({ a: 1 })
    expect(await readdir(join(dir, 'nested', 'state'))).toEqual(['settings.json'])
    expect(warnings).toEqual([])
  })

  it('replaces the file atomically: a reader during many saves always sees a whole document', async () => {
    const path = join(dir, 'library.json')
    const store = new JsonFileStore<{ n: number; filler: string }>(path)
    await store.save({ n: -1, filler: '' })
    const filler = 'x'.repeat(512 * 1024)
    let writing = true
    const saves = Promise.all(Array.from({ length: 15 }, (_, n) => store.save({ n, filler }))).finally(() => {
      writing = false
    })
    let reads = 0
    while (writing) {
      const parsed = JSON.parse(await readFile(path, 'utf8')) as { n: number }
      expect(parsed.n).toBeGreaterThanOrEqual(-1)
      reads++
    }
    await saves
    expect(reads).toBeGreaterThan(0)
    expect(await readdir(dir)).toEqual(['library.json'])
  })

  it('clears temp files that crashed saves left behind, and only those', async () => {
    const path = join(dir, 'library.json')
    await writeFile(path, '{"kept":true}')
    await writeFile(join(dir, 'library.json.4242.tmp'), '{"half')
    await writeFile(join(dir, 'library.json.99.tmp'), '{"in flight')
    await writeFile(join(dir, 'notes.4242.tmp'), 'not ours')
    const old = new Date(Date.now() - 5 * 60_000)
    await utimes(join(dir, 'library.json.4242.tmp'), old, old)
    await utimes(join(dir, 'notes.4242.tmp'), old, old)
    expect(await new JsonFileStore(path).load()).toEqual({ kept: true })
    expect((await readdir(dir)).sort()).toEqual(['library.json', 'library.json.99.tmp', 'notes.4242.tmp'])
  })

  it('ends concurrent saves with the value saved last', async () => {
    const path = join(dir, 'settings.json')
    const store = new JsonFileStore<{ n: number }>(path)
    await Promise.all(Array.from({ length: 40 }, (_, n) => store.save({ n })))
    expect(await store.load()).toEqual({ n: 39 })
  })

  it('sets a damaged file aside (nothing lost), reports it, and starts over', async () => {
    const path = join(dir, 'settings.json')
    await writeFile(path, '{"downloadDir": "/films", oops')
    const warnings: string[] = []
    const store = new JsonFileStore<{ ok: boolean }>(path, { onWarning: (m) => warnings.push(m) })
    expect(await store.load()).toBeUndefined()

    const files = await readdir(dir)
    const aside = files.find((f) => /^settings\.json\.corrupt-\d+$/.test(f))
    expect(aside).toBeDefined()
    expect(files).not.toContain('settings.json')
    expect(await readFile(join(dir, aside as string), 'utf8')).toBe('{"downloadDir": "/films", oops')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(aside)

    await store.save({ ok: true })
    expect(await store.load()).toEqual({ ok: true })
  })

  it('reports a path it cannot read instead of throwing', async () => {
    const path = join(dir, 'is-a-folder.json')
    await mkdir(path)
    const warnings: string[] = []
    const store = new JsonFileStore(path, { onWarning: (m) => warnings.push(m) })
    expect(await store.load()).toBeUndefined()
    expect(warnings).toHaveLength(1)
  })

  it('rejects a save that cannot be written, and later saves still work', async () => {
    const blocker = join(dir, 'file')
    await writeFile(blocker, '')
    const bad = new JsonFileStore(join(blocker, 'x.json'))
    await expect(bad.save({})).rejects.toThrow()
    const path = join(dir, 'good.json')
    const store = new JsonFileStore<{ n: number }>(path)
    await store.save({ n: 1 })
    expect(await store.load()).toEqual({ n: 1 })
  })
})
