import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import createTorrent from 'create-torrent'
import parseTorrent from 'parse-torrent'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ownedMarkPath } from '../../src-main/engine/download-layout.js'
import { JsonFileStore } from '../../src-main/host/json-file-store.js'
import { Library, type LibraryOptions } from '../../src-main/host/library.js'
import type { EngineEvent, LibraryItem } from '../../src-shared/contract.js'

const HOUR = 3_600_000
const A = 'a'.repeat(40)
const B = 'b'.repeat(40)
const T0 = Date.UTC(2025, 0, 1)

let dir: string
let clock: number
let libraries: Library[]

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-library-'))
  clock = T0
  libraries = []
})

afterEach(async () => {
  await Promise.all(libraries.map((l) => l.close()))
  await rm(dir, { recursive: true, force: true })
})

const storePath = (): string => join(dir, 'library.json')

async function openLibrary(extra: Partial<LibraryOptions> = {}): Promise<Library> {
  const library = await Library.load({
    store: new JsonFileStore(storePath()),
    retentionHours: () => 24,
    now: () => clock,
    ...extra,
  })
  libraries.push(library)
  return library
}

const film = (infoHash: string) =>
  ({
    event: 'wt-metadata',
    payload: {
      infoHash,
      name: 'Big Buck Bunny',
      length: 1000,
      pieceLength: 256,
      files: [{ index: 0, path: 'Big Buck Bunny/bbb.mp4', name: 'bbb.mp4', length: 1000, kind: 'video' }],
      defaultFileIndex: 0,
      magnet: `magnet:?xt=urn:btih:${infoHash}&dn=Big+Buck+Bunny`,
    },
  }) satisfies EngineEvent

const progress = (infoHash: string, downloaded: number): EngineEvent => ({
  event: 'wt-progress',
  payload: {
    infoHash,
    downloadSpeed: 1,
    uploadSpeed: 0,
    peers: 1,
    sendingPeers: 1,
    downloaded,
    length: 1000,
    progress: downloaded / 1000,
    memoryStoreBytes: null,
    files: [],
  },
})

describe('the library fed by engine events', () => {
  it('lists an added torrent as open and named, then with its files and downloaded bytes', async () => {
    const library = await openLibrary()
    library.handleEvent({ event: 'wt-infohash', payload: { infoHash: A } })
    expect(library.items()).toMatchObject([
      { infoHash: A, name: A, active: true, removeAt: null, addedAt: T0 },
    ])
    library.handleEvent(film(A))
    library.handleEvent(progress(A, 412.6))
    const [item] = library.items()
    expect(item).toMatchObject({ name: 'Big Buck Bunny', length: 1000, downloaded: 413, active: true })
    expect(item?.files.map((f) => f.name)).toEqual(['bbb.mp4'])
    expect(item).not.toHaveProperty('magnet')
    expect(library.magnetOf(A)).toContain(A)
  })

  it('starts the retention clock when the engine closes an idle torrent, newest first', async () => {
    const library = await openLibrary()
    library.handleEvent({ event: 'wt-infohash', payload: { infoHash: A, name: 'Old film' } })
    clock += HOUR
    library.handleEvent({ event: 'wt-infohash', payload: { infoHash: B, name: 'New film' } })
    clock += HOUR
    library.handleEvent({ event: 'wt-idle-closed', payload: { infoHash: A, idleSeconds: 180 } })
    expect(library.items().map((i) => [i.name, i.active, i.removeAt])).toEqual([
      ['Old film', false, T0 + 2 * HOUR + 24 * HOUR],
      ['New film', true, null],
    ])
    library.handleEvent({ event: 'wt-error', payload: { infoHash: B, code: 'TORRENT_FAILED', message: 'x' } })
    expect(library.get(B)?.active).toBe(false)
  })

  it('keeps the last position per file, most recent first, at most 20', async () => {
    const library = await openLibrary()
    library.handleEvent({ event: 'wt-infohash', payload: { infoHash: A } })
    expect(library.recordPosition(B, 0, 10, 100)).toBe(false)
    library.recordPosition(A, 0, 10, 100)
    clock += 1000
    library.recordPosition(A, 1, 20, 200)
    clock += 1000
    library.recordPosition(A, 0, 30, 100)
    expect(library.get(A)?.positions).toEqual([
      { fileIndex: 0, position: 30, duration: 100, at: T0 + 2000 },
      { fileIndex: 1, position: 20, duration: 200, at: T0 + 1000 },
    ])
    expect(library.get(A)?.lastActiveAt).toBe(T0 + 2000)
    for (let file = 2; file < 30; file++) library.recordPosition(A, file, file, 100)
    const positions = library.get(A)?.positions ?? []
    expect(positions).toHaveLength(20)
    expect(positions[0]?.fileIndex).toBe(29)
  })

  it('tells listeners once for a burst of changes, with the final state', async () => {
    const library = await openLibrary()
    const heard: LibraryItem[][] = []
    library.onChange((items) => heard.push(items))
    library.handleEvent({ event: 'wt-infohash', payload: { infoHash: A } })
    library.handleEvent(film(A))
    for (let n = 1; n <= 10; n++) library.handleEvent(progress(A, n * 10))
    await expect.poll(() => heard.length).toBe(1)
    expect(heard[0]?.[0]).toMatchObject({ name: 'Big Buck Bunny', downloaded: 100 })
    // A later change is told after anything left of the burst would have been: when it arrives,
    // the burst still counts for one.
    library.recordPosition(A, 0, 5, 100)
    await expect.poll(() => heard.some((items) => items[0]?.positions.length === 1)).toBe(true)
    expect(heard).toHaveLength(2)
  })

  it('is there after a restart: closed, with its magnet and progress saved on close', async () => {
    const first = await openLibrary({ lazySaveMs: 60_000 })
    first.handleEvent({ event: 'wt-infohash', payload: { infoHash: A } })
    first.handleEvent(film(A))
    first.handleEvent(progress(A, 700))
    first.recordPosition(A, 0, 42, 1000)
    await first.close()
    const saved = JSON.parse(await readFile(storePath(), 'utf8'))
    expect(saved.version).toBe(1)
    expect(saved.items[0].magnet).toContain(A)

    const second = await openLibrary()
    expect(second.items()).toMatchObject([
      { infoHash: A, name: 'Big Buck Bunny', downloaded: 700, active: false, positions: [{ position: 42 }] },
    ])
    expect(second.magnetOf(A)).toContain(A)
  })

  it('leaves out damaged entries and reports them, keeping the rest', async () => {
    const good = { infoHash: A, name: 'Fine', length: 0, downloaded: 0, files: [], addedAt: 1 }
    const document = {
      version: 1,
      items: [
        { ...good, lastActiveAt: 2, positions: [] },
        { infoHash: 'nope', name: 3 },
      ],
    }
    await writeFile(storePath(), JSON.stringify(document))
    const warnings: string[] = []
    const library = await openLibrary({ onWarning: (m) => warnings.push(m) })
    expect(library.items().map((i) => i.name)).toEqual(['Fine'])
    expect(warnings).toEqual(['1 unreadable library entries were left out.'])
  })
})

async function makeTorrent(source: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) =>
    createTorrent(source, { announceList: [] }, (err, torrent) => (err ? reject(err) : resolve(torrent))),
  )
}

describe('reconciling with the download folder', () => {
  it('adds downloads it did not know (from their .torrent or folder) and drops what is gone', async () => {
    const downloads = join(dir, 'downloads')
    const source = join(dir, 'source', 'Night Film')
    await mkdir(join(source, 'Subs'), { recursive: true })
    await writeFile(join(source, 'night.mkv'), Buffer.alloc(40_000, 1))
    await writeFile(join(source, 'Subs', 'en.srt'), '1\n00:00:01,000 --> 00:00:02,000\nHi\n')
    const torrent = await makeTorrent(source)
    const { infoHash, length } = await parseTorrent(torrent)
    // Half of the film downloaded, plus stray bytes that must not push it past 100 %.
    await mkdir(join(downloads, infoHash, 'Night Film'), { recursive: true })
    await writeFile(join(downloads, `${infoHash}.torrent`), torrent)
    await writeFile(join(downloads, infoHash, 'Night Film', 'night.mkv'), Buffer.alloc(20_000, 1))
    await writeFile(ownedMarkPath(downloads, infoHash), '')
    // A bare folder without its .torrent: named after the one thing inside it.
    await mkdir(join(downloads, B, 'Day Film'), { recursive: true })
    await writeFile(join(downloads, B, 'Day Film', 'day.mp4'), Buffer.alloc(5000, 2))
    await writeFile(ownedMarkPath(downloads, B), '')
    const folderTime = new Date(T0 - 5 * HOUR)
    await utimes(join(downloads, B), folderTime, folderTime)
    // Not ours: ignored, 40-hex names of another program's too (qBittorrent keeps <infoHash>.torrent).
    await mkdir(join(downloads, 'Holiday photos'))
    await writeFile(join(downloads, 'notes.torrent'), 'x')
    await mkdir(join(downloads, 'e'.repeat(40)))
    await writeFile(join(downloads, `${'f'.repeat(40)}.torrent`), torrent)

    const gone = 'c'.repeat(40)
    const open = 'd'.repeat(40)
    const library = await openLibrary()
    library.handleEvent({ event: 'wt-infohash', payload: { infoHash: gone, name: 'Deleted by hand' } })
    library.markInactive(gone)
    library.handleEvent({ event: 'wt-infohash', payload: { infoHash: open, name: 'Still fetching' } })
    await library.reconcile(downloads)

    const byHash = new Map(library.items().map((i) => [i.infoHash, i]))
    expect([...byHash.keys()].sort()).toEqual([B, open, infoHash].sort())
    expect(byHash.get(infoHash)).toMatchObject({
      name: 'Night Film',
      length,
      downloaded: 20_000,
      active: false,
    })
    expect(
      byHash
        .get(infoHash)
        ?.files.map((f) => [f.path, f.kind])
        .sort(),
    ).toEqual([
      [join('Night Film', 'Subs', 'en.srt'), 'subtitle'],
      [join('Night Film', 'night.mkv'), 'video'],
    ])
    expect(byHash.get(B)).toMatchObject({
      name: 'Day Film',
      length: 0,
      downloaded: 5000,
      addedAt: folderTime.getTime(),
      lastActiveAt: folderTime.getTime(),
      removeAt: folderTime.getTime() + 24 * HOUR,
    })
    expect(byHash.get(open)?.active).toBe(true)

    await writeFile(join(downloads, infoHash, 'Night Film', 'night.mkv'), Buffer.alloc(60_000, 1))
    await rm(join(downloads, B), { recursive: true })
    const later = await openLibrary({ store: new JsonFileStore(join(dir, 'other.json')) })
    await later.reconcile(downloads)
    expect(later.items().map((i) => [i.infoHash, i.downloaded])).toEqual([[infoHash, length]])
  })

  it('forgets nothing while the download folder is missing (an unplugged drive)', async () => {
    const library = await openLibrary()
    library.handleEvent({ event: 'wt-infohash', payload: { infoHash: A } })
    library.markInactive(A)
    await library.reconcile(join(dir, 'unplugged'))
    expect(library.items().map((i) => i.infoHash)).toEqual([A])
  })
})
