import { PeerwatchError } from '../../src-shared/errors.js'

/** What a person can do about a failure webtorrent reports in its own words. */
export function describeFailure(err: Error): PeerwatchError {
  if (err instanceof PeerwatchError) return err
  const code = (err as NodeJS.ErrnoException).code ?? /\b(E[A-Z]+)\b/.exec(err.message)?.[1]
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new PeerwatchError(
      'STORAGE_FAILED',
      'The disk is full: free some space, then open the film again.',
    )
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new PeerwatchError(
      'STORAGE_FAILED',
      'Peerwatch may not write to the download folder: choose another one in Settings.',
    )
  }
  return new PeerwatchError('TORRENT_FAILED', `The torrent stopped: ${err.message}`)
}
