import { PeerwatchError } from '../../src-shared/errors.js'
import { ACTIVE_MARK_REFRESH_MS, ActiveMarks } from './active-marks.js'
import type { Torrent } from './torrent.js'

/**
 * The torrents this engine has open, by infohash. Their `<infoHash>.active` marks in the
 * download folder follow the set, and are rewritten every minute so that a crash's go stale.
 */
export class OpenTorrents {
  private readonly sessions = new Map<string, Torrent>()
  private readonly marks: ActiveMarks
  private readonly refresh: NodeJS.Timeout
  private closed = false

  constructor(downloadDir: string) {
    this.marks = new ActiveMarks(downloadDir)
    this.refresh = setInterval(() => this.syncMarks(), ACTIVE_MARK_REFRESH_MS).unref()
  }

  get(infoHash: string): Torrent | undefined {
    return this.sessions.get(infoHash)
  }

  /** The open torrent, or the error a request about a closed one answers. */
  require(infoHash: string): Torrent {
    const session = this.sessions.get(infoHash)
    if (!session) throw new PeerwatchError('NO_SUCH_TORRENT', 'That torrent is not open.')
    return session
  }

  all(): Torrent[] {
    return [...this.sessions.values()]
  }

  add(session: Torrent): void {
    this.sessions.set(session.infoHash, session)
    this.syncMarks()
  }

  /** Removes the torrent from the open ones (closing it is the caller's); undefined if it was not. */
  take(infoHash: string): Torrent | undefined {
    const session = this.sessions.get(infoHash)
    if (!session) return undefined
    this.sessions.delete(infoHash)
    this.syncMarks()
    return session
  }

  /** Closes every torrent (keeping their data) and removes their marks. */
  async closeAll(): Promise<void> {
    this.closed = true
    clearInterval(this.refresh)
    await Promise.all(this.all().map((s) => s.close()))
    this.sessions.clear()
    await this.marks.sync([])
  }

  private syncMarks(): void {
    if (!this.closed) void this.marks.sync(this.sessions.keys())
  }
}
