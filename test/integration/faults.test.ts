import { mkdir, open, readdir, symlink, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Wire } from 'webtorrent'
import { httpGet } from '../helpers/engine.js'
import { stoppedAfterEachTest } from '../helpers/per-test.js'
import { magnetFor, patternBytes, type Seeder } from '../helpers/swarm.js'

// Faults a person meets on real swarms, each made to happen for real on loopback.

const KiB = 1024
const MiB = 1024 * KiB

const { seed, engine } = stoppedAfterEachTest()

interface ConnectionEvent {
  kind: 'open' | 'request' | 'close'
  /** Which of the seeder's connections, in the order they opened. */
  connection: number
  filmComplete: boolean
}

/** What a seeder sees of the engine: connections opening and closing, and blocks asked for. */
function connectionLog(s: Seeder, filmComplete: () => boolean): ConnectionEvent[] {
  const log: ConnectionEvent[] = []
  let opened = 0
  s.torrent.on('wire', (wire: Wire) => {
    const connection = opened++
    const note = (kind: ConnectionEvent['kind']) =>
      log.push({ kind, connection, filmComplete: filmComplete() })
    note('open')
    wire.on('request', () => note('request'))
    wire.once('close', () => note('close'))
  })
  return log
}

/** Where a single-file seeder keeps its bytes. */
function seededPath(s: Seeder): string {
  const file = s.torrent.files[0]
  if (!file) throw new Error('seeder has no file')
  return join(s.torrent.path, file.path)
}

describe('faults on the swarm', () => {
  it('finishes a stream byte-exact when one of two seeders dies halfway', async () => {
    const film = patternBytes(3 * MiB, 21)
    const files = [{ path: 'film.mp4', data: film }]
    const opts = { pieceLength: 64 * KiB, uploadLimit: 600 * KiB, name: 'Two Seeders' }
    const a = await seed(files, opts)
    const b = await seed(files, opts)
    expect(b.infoHash).toBe(a.infoHash)
    const t = await engine()
    await t.engine.add({ torrentId: magnetFor(a, b) })
    const { url } = await t.next('wt-server-running')
    const whole = httpGet(url, { range: 'bytes=0-' })
    await t.next('wt-progress', (p) => p.downloaded > film.length / 3)
    await a.destroy()
    const res = await whole
    expect(res.status).toBe(206)
    expect(res.body.equals(Buffer.from(film))).toBe(true)
  })

  it('bans a peer that sends corrupt data, and serves only verified bytes', async () => {
    const film = patternBytes(2 * MiB, 22)
    const files = [{ path: 'film.mp4', data: film }]
    const opts = { pieceLength: 32 * KiB, uploadLimit: 1 * MiB, name: 'One Liar' }
    const liar = await seed(files, opts)
    // The liar keeps announcing every piece while its bytes on disk are now wrong.
    const handle = await open(seededPath(liar), 'r+')
    await handle.write(Buffer.alloc(film.length, 0x5a), 0, film.length, 0)
    await handle.close()
    const honest = await seed(files, { ...opts, uploadLimit: 300 * KiB })
    let filmComplete = false
    const liarSide = connectionLog(liar, () => filmComplete)
    const honestSide = connectionLog(honest, () => filmComplete)
    const t = await engine()
    await t.engine.add({ torrentId: magnetFor(liar, honest) })
    const { url } = await t.next('wt-server-running')
    const res = await httpGet(url, { range: 'bytes=0-' })
    filmComplete = true
    expect(res.body.equals(Buffer.from(film))).toBe(true)

    // The ban, seen from the liar: it was asked for blocks, then the engine hung up on it while
    // the film was still coming in (webtorrent alone keeps a liar connected and retries it).
    const cut = liarSide.findIndex((e) => e.kind === 'close' && !e.filmComplete)
    expect(cut, 'the engine never hung up on the liar').toBeGreaterThan(-1)
    expect(liarSide.slice(0, cut).some((e) => e.kind === 'request')).toBe(true)
    // And it was never asked for a block again. webtorrent redials a closed peer after 1 s; the
    // honest seeder alone needs about 6 s more for the film, so a redial that got through would
    // have been asked for blocks before the film was complete.
    expect(liarSide.slice(cut + 1).filter((e) => e.kind === 'request')).toEqual([])
    // Only the liar: the honest seeder stayed connected for the whole film.
    expect(honestSide.filter((e) => e.kind === 'close' && !e.filmComplete)).toEqual([])
  })

  it('waits for peers when there are none, and plays as soon as one appears', async () => {
    const film = patternBytes(1 * MiB, 23)
    const s = await seed([{ path: 'film.mp4', data: film }], { pieceLength: 32 * KiB, name: 'Late Peer' })
    const t = await engine()
    await t.engine.add({ torrentId: `magnet:?xt=urn:btih:${s.infoHash}` })
    // The engine has looked at the torrent on its own clock (its first progress report) and
    // still holds it, waiting: no file list, no error, not dropped.
    await t.next('wt-progress', (p) => p.infoHash === s.infoHash)
    expect(t.events.some((e) => e.event === 'wt-metadata')).toBe(false)
    expect(t.events.some((e) => e.event === 'wt-error')).toBe(false)
    expect(t.engine.list().torrents.map((x) => [x.infoHash, x.ready])).toEqual([[s.infoHash, false]])
    s.torrent.addPeer(`127.0.0.1:${t.engine.peerPort}`)
    const { url } = await t.next('wt-server-running')
    const res = await httpGet(url, { range: 'bytes=0-' })
    expect(res.body.equals(Buffer.from(film))).toBe(true)
  })

  it('says plainly that the disk is full, keeps running, and deletes nothing', async () => {
    const film = patternBytes(512 * KiB, 24)
    const s = await seed([{ path: 'film.mp4', data: film }], { pieceLength: 32 * KiB, name: 'Full Disk' })
    const t = await engine()
    const downloads = join(t.dir, 'downloads')
    // Every write to /dev/full fails with ENOSPC, as on a full disk.
    await mkdir(join(downloads, s.infoHash), { recursive: true })
    await symlink('/dev/full', join(downloads, s.infoHash, 'film.mp4'))
    await writeFile(join(downloads, 'keep-me.txt'), 'precious')
    await t.engine.add({ torrentId: s.magnet })
    const error = await t.next('wt-error')
    expect(error).toMatchObject({ infoHash: s.infoHash, code: 'STORAGE_FAILED' })
    expect(error.message).toMatch(/disk is full/i)
    expect((await readdir(downloads)).sort()).toContain('keep-me.txt')
    // Still up: another torrent streams.
    const other = patternBytes(200 * KiB, 25)
    const s2 = await seed([{ path: 'other.mp4', data: other }], { pieceLength: 32 * KiB, name: 'Other' })
    await t.engine.add({ torrentId: s2.magnet })
    const running = await t.next('wt-server-running', (p) => p.infoHash === s2.infoHash)
    expect((await httpGet(running.url, { range: 'bytes=0-' })).body.equals(Buffer.from(other))).toBe(true)
  })

  it('does not let a client that stops reading hold up another', async () => {
    const film = patternBytes(4 * MiB, 26)
    const s = await seed([{ path: 'film.mp4', data: film }], { pieceLength: 64 * KiB, name: 'Slow Reader' })
    const t = await engine()
    await t.engine.add({ torrentId: s.magnet })
    const { url } = await t.next('wt-server-running')
    // A client that opens the whole film and then never reads.
    const stalled = request(url, { headers: { range: 'bytes=0-' } }, (res) => res.pause())
    stalled.end()
    const part = await httpGet(url, { range: `bytes=${3 * MiB}-${3 * MiB + 99_999}` })
    expect(part.body.equals(Buffer.from(film.subarray(3 * MiB, 3 * MiB + 100_000)))).toBe(true)
    const again = await httpGet(url, { range: 'bytes=1000-1999' })
    expect(again.body.equals(Buffer.from(film.subarray(1000, 2000)))).toBe(true)
    stalled.destroy()
  })
})
