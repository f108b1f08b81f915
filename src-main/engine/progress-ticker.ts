import type { EventPayload } from '../../src-shared/contract.js'
import type { Torrent } from './torrent.js'

/**
 * The engine's beat (once a second by default): each open torrent's request pipelines follow
 * its peers' speeds, and its `wt-progress` goes out when something changed since the last one.
 */
export class ProgressTicker {
  private readonly lastSent = new Map<string, string>()
  private readonly timer: NodeJS.Timeout

  constructor(
    intervalMs: number,
    private readonly sessions: () => Iterable<Torrent>,
    private readonly publish: (progress: EventPayload<'wt-progress'>) => void,
  ) {
    this.timer = setInterval(() => this.tick(), intervalMs).unref()
  }

  /** A torrent that left: its next session's progress is told afresh. */
  forget(infoHash: string): void {
    this.lastSent.delete(infoHash)
  }

  stop(): void {
    clearInterval(this.timer)
  }

  private tick(): void {
    for (const session of this.sessions()) {
      session.downloader.tick()
      const progress = session.progress()
      const key = JSON.stringify(progress)
      if (this.lastSent.get(session.infoHash) === key) continue
      this.lastSent.set(session.infoHash, key)
      this.publish(progress)
    }
  }
}
