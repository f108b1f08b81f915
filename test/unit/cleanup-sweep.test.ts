import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { lutimes, mkdir, mkdtemp, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { durationMs } from '../../src-main/cli/cleanup-command.js'
import { activeMarkPath, ownedMarkPath } from '../../src-main/engine/download-layout.js'
import { sweepDownloadDir } from '../../src-main/host/download-sweep.js'

const HOUR = 3_600_000
const NOW = Date.parse('2026-11-24T12:00:00Z')
const OLD = 'a'.repeat(40)
const RECENT = 'b'.repeat(40)
const OPEN = 'c'.repeat(40)
const STALE_MARK = 'd'.repeat(40)

let root: string
let downloads: string

async function download(infoHash: string, ageHours: number, name = 'film.mp4'): Promise<void> {
  const folder = join(downloads, infoHash)
  await mkdir(folder, { recursive: true })
  await writeFile(join(folder, name), Buffer.alloc(50_000, 7))
  await writeFile(ownedMarkPath(downloads, infoHash), '')
  const when = new Date(NOW - ageHours * HOUR)
  await utimes(join(folder, name), when, when)
  await utimes(ownedMarkPath(downloads, infoHash), when, when)
  await utimes(folder, when, when)
}

async function mark(infoHash: string, ageMinutes: number): Promise<void> {
  const path = activeMarkPath(downloads, infoHash)
  await writeFile(path, '{}')
  const when = new Date(NOW - ageMinutes * 60_000)
  await utimes(path, when, when)
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pw-cleanup-'))
  downloads = join(root, 'downloads')
  await mkdir(downloads)
})

afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('the download sweep behind peerwatch cleanup', () => {
  it("never touches a 40-hex folder or .torrent that Peerwatch did not make (another program's)", async () => {
    const foreign = 'f'.repeat(40)
    await mkdir(join(downloads, foreign))
    await writeFile(join(downloads, foreign, 'backup.fastresume'), 'qBittorrent state')
    await writeFile(join(downloads, `${'e'.repeat(40)}.torrent`), 'qBittorrent state')
    const old = new Date(NOW - 300 * HOUR)
    await utimes(join(downloads, foreign, 'backup.fastresume'), old, old)
    await utimes(join(downloads, foreign), old, old)
    await utimes(join(downloads, `${'e'.repeat(40)}.torrent`), old, old)
    const sweep = await sweepDownloadDir(downloads, { olderThanMs: 24 * HOUR, now: NOW })
    expect(sweep).toEqual({ removed: [], kept: [] })
    expect(existsSync(join(downloads, foreign, 'backup.fastresume'))).toBe(true)
    expect(existsSync(join(downloads, `${'e'.repeat(40)}.torrent`))).toBe(true)
  })

  it('deletes what nothing has used for longer than the limit and keeps the rest', async () => {
    await download(OLD, 30)
    await writeFile(join(downloads, `${OLD}.torrent`), 'not parsed here')
    await utimes(join(downloads, `${OLD}.torrent`), new Date(NOW - 30 * HOUR), new Date(NOW - 30 * HOUR))
    await download(RECENT, 2)
    const sweep = await sweepDownloadDir(downloads, { olderThanMs: 24 * HOUR, now: NOW })
    expect(sweep.removed).toEqual([{ infoHash: OLD, name: 'film.mp4', bytes: expect.any(Number) }])
    expect(sweep.removed[0]?.bytes).toBeGreaterThanOrEqual(50_000)
    expect(sweep.kept).toEqual([{ infoHash: RECENT, name: 'film.mp4', reason: 'recent' }])
    expect(existsSync(join(downloads, OLD))).toBe(false)
    expect(existsSync(join(downloads, `${OLD}.torrent`))).toBe(false)
    expect(existsSync(join(downloads, RECENT, 'film.mp4'))).toBe(true)
  })

  it('never deletes a torrent a running Peerwatch has open, however old its files', async () => {
    await download(OPEN, 48)
    await mark(OPEN, 1)
    await download(STALE_MARK, 48)
    await mark(STALE_MARK, 30 * 60)
    const sweep = await sweepDownloadDir(downloads, { olderThanMs: 24 * HOUR, now: NOW })
    expect(sweep.kept).toEqual([{ infoHash: OPEN, name: 'film.mp4', reason: 'open' }])
    // A mark nobody has refreshed for 30 h was left by a crash: the download goes, mark and all.
    expect(sweep.removed.map((r) => r.infoHash)).toEqual([STALE_MARK])
    expect(existsSync(activeMarkPath(downloads, STALE_MARK))).toBe(false)
    expect(existsSync(join(downloads, OPEN, 'film.mp4'))).toBe(true)
  })

  it('keeps what a live Peerwatch has open after the machine slept, and not what a dead one left', async () => {
    const now = Date.now()
    const hoursAgo = (h: number): Date => new Date(now - h * HOUR)
    // Asleep for 30 hours: the mark's minutely rewrite is that late, but its process is alive.
    await mkdir(join(downloads, OPEN))
    await writeFile(ownedMarkPath(downloads, OPEN), '')
    await writeFile(activeMarkPath(downloads, OPEN), JSON.stringify({ pid: process.pid, host: hostname() }))
    for (const path of [
      ownedMarkPath(downloads, OPEN),
      activeMarkPath(downloads, OPEN),
      join(downloads, OPEN),
    ])
      await utimes(path, hoursAgo(30), hoursAgo(30))
    // Rewritten a moment ago by a process that has died since: watched until then, not open now.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid
    await download(STALE_MARK, 48)
    await writeFile(activeMarkPath(downloads, STALE_MARK), JSON.stringify({ pid: dead, host: hostname() }))
    const sweep = await sweepDownloadDir(downloads, { olderThanMs: 24 * HOUR, now })
    expect(sweep.kept).toEqual([
      { infoHash: OPEN, name: OPEN, reason: 'open' },
      { infoHash: STALE_MARK, name: 'film.mp4', reason: 'recent' },
    ])
    expect(sweep.removed).toEqual([])
  })

  it('counts a file written inside an old folder as recent use', async () => {
    await download(RECENT, 40)
    await writeFile(join(downloads, RECENT, 'new-part.mkv'), 'x')
    const sweep = await sweepDownloadDir(downloads, { olderThanMs: 24 * HOUR, now: Date.now() })
    expect(sweep.removed).toEqual([])
  })

  it('with a dry run, reports what would go and deletes nothing', async () => {
    await download(OLD, 30)
    const sweep = await sweepDownloadDir(downloads, { olderThanMs: 24 * HOUR, now: NOW, dryRun: true })
    expect(sweep.removed.map((r) => r.infoHash)).toEqual([OLD])
    expect(existsSync(join(downloads, OLD, 'film.mp4'))).toBe(true)
  })

  it('touches nothing but the engine’s own names, and never follows a link out of the folder', async () => {
    const outside = join(root, 'precious')
    await mkdir(outside)
    await writeFile(join(outside, 'thesis.pdf'), 'do not delete')
    await utimes(outside, new Date(NOW - 99 * HOUR), new Date(NOW - 99 * HOUR))
    // A link named like a download, and a link inside an old download.
    await symlink(outside, join(downloads, 'e'.repeat(40)))
    await download(OLD, 30)
    await symlink(outside, join(downloads, OLD, 'extras'))
    const old = new Date(NOW - 30 * HOUR)
    await lutimes(join(downloads, OLD, 'extras'), old, old)
    await utimes(join(downloads, OLD), old, old)
    await mkdir(join(downloads, 'My Films'))
    await writeFile(join(downloads, 'notes.txt'), 'mine')
    const sweep = await sweepDownloadDir(downloads, { olderThanMs: 24 * HOUR, now: NOW })
    expect(sweep.removed.map((r) => r.infoHash)).toEqual([OLD])
    expect(await readdir(outside)).toEqual(['thesis.pdf'])
    expect((await readdir(downloads)).sort()).toEqual(['My Films', 'e'.repeat(40), 'notes.txt'])
  })

  it('reads ages people write', () => {
    expect(durationMs('24h')).toBe(24 * HOUR)
    expect(durationMs('90m')).toBe(90 * 60_000)
    expect(durationMs('2d')).toBe(48 * HOUR)
    expect(durationMs('12')).toBe(12 * HOUR)
    expect(() => durationMs('soon')).toThrow(/24h, 90m or 2d/)
    expect(() => durationMs('0h')).toThrow()
  })
})
