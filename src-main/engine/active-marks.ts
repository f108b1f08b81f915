import { readFile, rm, stat, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { activeMarkPath } from './download-layout.js'

/** How often an open torrent's mark is rewritten; a mark older than three of these is stale. */
export const ACTIVE_MARK_REFRESH_MS = 60_000
export const ACTIVE_MARK_STALE_MS = 3 * ACTIVE_MARK_REFRESH_MS

/**
 * `<downloadDir>/<infoHash>.active` beside each torrent this engine has open, rewritten every
 * minute: `peerwatch cleanup` (another process, maybe cron) never deletes what someone is
 * watching, and a mark left behind by a crash goes stale on its own.
 */
export class ActiveMarks {
  private readonly marked = new Set<string>()

  constructor(private readonly downloadDir: string) {}

  /** Marks exactly these torrents: new and existing marks are (re)written, others removed. */
  sync(open: Iterable<string>): Promise<void> {
    const now = new Set(open)
    const writes = [...now].map((infoHash) => this.write(infoHash))
    const removals = [...this.marked].filter((h) => !now.has(h)).map((infoHash) => this.remove(infoHash))
    return Promise.all([...writes, ...removals]).then(() => undefined)
  }

  private async write(infoHash: string): Promise<void> {
    this.marked.add(infoHash)
    const mark = JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() })
    // Advisory: a folder that cannot take the mark still downloads.
    await writeFile(activeMarkPath(this.downloadDir, infoHash), mark).catch(() => {})
  }

  private async remove(infoHash: string): Promise<void> {
    this.marked.delete(infoHash)
    await rm(activeMarkPath(this.downloadDir, infoHash), { force: true }).catch(() => {})
  }
}

/**
 * Whether the mark at `path` says a torrent is open now: its engine's process is alive on this
 * machine (after a sleep the minute's rewrite is late, but the process is there), or, for a
 * mark from another machine sharing the folder, it was rewritten within the stale time. A mark
 * whose process is gone was left by a crash.
 */
export async function markIsLive(path: string, now: number): Promise<boolean> {
  const info = await stat(path).catch(() => null)
  if (!info) return false
  const mark = await readFile(path, 'utf8')
    .then((text) => JSON.parse(text) as { pid?: unknown; host?: unknown })
    .catch(() => ({}) as { pid?: unknown; host?: unknown })
  if (mark.host === hostname() && typeof mark.pid === 'number') return processIsAlive(mark.pid)
  return now - info.mtimeMs < ACTIVE_MARK_STALE_MS
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // Alive, but another user's: still someone watching.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
