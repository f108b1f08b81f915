import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ownedMarkPath } from '../../src-main/engine/download-layout.js'
import { JsonFileStore } from '../../src-main/host/json-file-store.js'
import { Library } from '../../src-main/host/library.js'
import { diskRemover, sweepRetention } from '../../src-main/host/retention.js'

const HOUR = 3_600_000
const NOW = Date.UTC(2025, 5, 1, 12)
const OLD = 'a'.repeat(40)
const RECENT = 'b'.repeat(40)
const OPEN_OLD = 'c'.repeat(40)

let dir: string
let downloads: string
let library: Library
let clock: number

/** A download as the engine leaves it: data folder and .torrent, last touched `hoursAgo`. */
async function download(infoHash: string, name: string, bytes: number, hoursAgo: number): Promise<void> {
  await mkdir(join(downloads, infoHash, name), { recursive: true })
  await writeFile(join(downloads, infoHash, name, 'film.mp4'), Buffer.alloc(bytes, 7))
  await writeFile(join(downloads, `${infoHash}.torrent`), 'not parsed here')
  await writeFile(ownedMarkPath(downloads, infoHash), '')
  const when = new Date(NOW - hoursAgo * HOUR)
  await utimes(join(downloads, infoHash), when, when)
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-retention-'))
  downloads = join(dir, 'downloads')
  await download(OLD, 'Old Film', 3000, 30)
  await download(RECENT, 'Recent Film', 2000, 2)
  await download(OPEN_OLD, 'Playing Film', 1000, 48)
  clock = NOW - 48 * HOUR
  library = await Library.load({
    store: new JsonFileStore(join(dir, 'library.json')),
    retentionHours: () => 24,
    now: () => clock,
  })
  // Opened two days ago and still open (a long pause): never swept.
  library.handleEvent({ event: 'wt-infohash', payload: { infoHash: OPEN_OLD, name: 'Playing Film' } })
  await library.reconcile(downloads)
})

afterEach(async () => {
  await library.close()
  await rm(dir, { recursive: true, force: true })
})

describe('the retention sweep', () => {
  it('deletes only closed downloads idle past the retention time, from disk and the library', async () => {
    const removed = await sweepRetention(library, diskRemover(downloads), NOW)
    expect(removed).toEqual([{ infoHash: OLD, name: 'Old Film', bytes: 3000 }])
    expect(existsSync(join(downloads, OLD))).toBe(false)
    expect(existsSync(join(downloads, `${OLD}.torrent`))).toBe(false)
    for (const kept of [RECENT, OPEN_OLD]) {
      expect(existsSync(join(downloads, kept, kept === RECENT ? 'Recent Film' : 'Playing Film'))).toBe(true)
      expect(existsSync(join(downloads, `${kept}.torrent`))).toBe(true)
    }
    expect(library.items().map((i) => i.name)).toEqual(['Recent Film', 'Playing Film'])
  })

  it('sweeps the recent one too once its own retention time has passed', async () => {
    const removed = await sweepRetention(library, diskRemover(downloads), NOW + 23 * HOUR)
    expect(removed.map((r) => r.name).sort()).toEqual(['Old Film', 'Recent Film'])
    expect(library.get(OPEN_OLD)?.active).toBe(true)
    expect(existsSync(join(downloads, OPEN_OLD))).toBe(true)
  })

  it('keeps a download it could not delete listed, to try again next time', async () => {
    const removed = await sweepRetention(
      library,
      async () => {
        throw new Error('EBUSY')
      },
      NOW,
    )
    expect(removed).toEqual([])
    expect(library.get(OLD)?.name).toBe('Old Film')
  })

  it('asks a running engine to delete, so it can close the files first', async () => {
    const asked: unknown[] = []
    const removed = await sweepRetention(
      library,
      {
        request: async (channel, payload) => {
          asked.push([channel, payload])
          return { ok: true, value: { removed: false } } as never
        },
      },
      NOW,
    )
    expect(asked).toEqual([['wt-remove', { infoHash: OLD, deleteData: true }]])
    expect(removed.map((r) => r.infoHash)).toEqual([OLD])
  })

  it('keeps a download that someone opened while the sweep was deleting the ones before it', async () => {
    await download('d'.repeat(40), 'Opened Mid-Sweep', 500, 30)
    await library.reconcile(downloads)
    const order: string[] = []
    const removed = await sweepRetention(
      library,
      async (infoHash) => {
        order.push(infoHash)
        // While the first one is deleted, the person opens the other old film.
        library.handleEvent({
          event: 'wt-infohash',
          payload: { infoHash: 'd'.repeat(40), name: 'Opened Mid-Sweep' },
        })
        await diskRemover(downloads)(infoHash)
      },
      NOW,
    )
    expect(removed.map((r) => r.name)).toEqual(['Old Film'])
    expect(order).toEqual([OLD])
    expect(existsSync(join(downloads, 'd'.repeat(40), 'Opened Mid-Sweep', 'film.mp4'))).toBe(true)
  })
})
