import { AsyncLocalStorage } from 'node:async_hooks'

const torrentContext = new AsyncLocalStorage<string>()

/**
 * Runs `work` on behalf of one torrent: timers, promises and connections it starts, and theirs
 * after them, still know the torrent, so a fault in any of them can be charged to it.
 */
export function forTorrent<T>(infoHash: string, work: () => T): T {
  return torrentContext.run(infoHash, work)
}

export interface Fault {
  /** The torrent the failing code ran for, when it ran for one. */
  infoHash: string | null
  error: unknown
}

/**
 * Keeps the process serving when code throws where nothing catches it (an event handler or a
 * timer inside webtorrent, a promise nobody awaits): `onFault` hears of it, with the torrent it
 * happened for, and every other torrent and connection goes on. Without this one stranger's
 * torrent could end `serve` for the whole household. Returns a function that stops containing.
 */
export function containFaults(onFault: (fault: Fault) => void): () => void {
  const handler = (error: unknown): void => onFault({ infoHash: torrentContext.getStore() ?? null, error })
  process.on('uncaughtException', handler)
  process.on('unhandledRejection', handler)
  return () => {
    process.off('uncaughtException', handler)
    process.off('unhandledRejection', handler)
  }
}

/** One line for a log: the message and where it was thrown. */
export function describeFault(fault: Fault): string {
  const { error, infoHash } = fault
  const where = infoHash ? ` (torrent ${infoHash})` : ''
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error)
  return `an unexpected fault${where}: ${detail}`
}
