import type { ApiError, ErrorCode } from '../../src-shared/contract.js'
import type { Toast } from './toasts-slice.js'

// What a person can do about each kind of failure, in one short sentence.
const HINTS: Partial<Record<ErrorCode, string>> = {
  BAD_TORRENT_ID: 'Paste a magnet link, an infohash or a link to a .torrent file.',
  BAD_MAGNET: 'Copy the magnet link again: it looks cut short.',
  BAD_TORRENT_FILE: 'Download the .torrent file again.',
  TORRENT_TOO_LARGE: 'Use the magnet link instead.',
  TORRENT_FETCH_FAILED: 'Check the link, or download the .torrent file and drop it here.',
  NO_SUCH_TORRENT: 'Open it again from the Library.',
  NO_PLAYABLE_FILE: 'This torrent has no video file Peerwatch can stream.',
  SEARCH_FAILED: 'Try again in a moment.',
  STORAGE_FAILED: 'Check the download folder in Settings and the free disk space.',
  PLAYER_NOT_FOUND: 'Install VLC, or set the external player path in Settings.',
  UNAVAILABLE: 'Peerwatch will reconnect on its own; then try again.',
}

export function errorToast(error: ApiError): Omit<Toast, 'id'> {
  const hint = HINTS[error.code]
  return hint ? { kind: 'error', message: error.message, hint } : { kind: 'error', message: error.message }
}
