import type { Torrent } from './torrent.js'

/**
 * Finds torrents nobody reads from (no open stream, no request for the idle time) and hands
 * them to `onIdle`; looked for four times per idle time, between every 0.2 s and every 5 s.
 */
export class IdleClose {
  private readonly timer: NodeJS.Timeout

  constructor(idleSeconds: number, sessions: () => Iterable<Torrent>, onIdle: (session: Torrent) => void) {
    const idleMs = idleSeconds * 1000
    const checkMs = Math.min(5000, Math.max(200, idleMs / 4))
    this.timer = setInterval(() => {
      const now = Date.now()
      for (const session of [...sessions()]) if (session.isIdle(now, idleMs)) onIdle(session)
    }, checkMs).unref()
  }

  stop(): void {
    clearInterval(this.timer)
  }
}
