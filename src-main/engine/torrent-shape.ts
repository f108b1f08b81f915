import { PeerwatchError } from '../../src-shared/errors.js'
import { formatBytes } from '../../src-shared/human-format.js'

const MIN_PIECE_LENGTH = 16 * 1024
const MAX_PIECE_LENGTH = 16 * 1024 * 1024

/** What parse-torrent reads from an info dictionary, before anyone trusts it. */
interface ParsedLayout {
  length?: unknown
  pieceLength?: unknown
  pieces?: unknown
  files?: Array<{ length?: unknown; offset?: unknown }>
}

/**
 * Refuses an info dictionary whose numbers do not fit together, before webtorrent lays out its
 * files: parse-torrent accepts, for example, a 100 MiB file with 16 KiB pieces and one piece
 * hash, and webtorrent then throws from its metadata handler ("invalid selection"), which ends
 * the process and every other torrent in it. Piece lengths are powers of two from 16 KiB to
 * 16 MiB; there is one hash for each piece the length needs; every file length is a whole,
 * non-negative number and the files add up to the length.
 */
export function checkTorrentShape(parsed: ParsedLayout): void {
  const { length, pieceLength, pieces, files } = parsed
  if (!Array.isArray(files) || files.length === 0) refuse('it lists no files')
  if (!isCount(length)) refuse('its length is not a whole number of bytes')
  if (length === 0) refuse('it holds no data')
  let sum = 0
  for (const file of files) {
    if (!isCount(file.length) || !isCount(file.offset) || file.offset !== sum)
      refuse('its file list does not add up')
    sum += file.length
  }
  if (sum !== length) refuse('its file list does not add up')
  if (
    !isCount(pieceLength) ||
    pieceLength < MIN_PIECE_LENGTH ||
    pieceLength > MAX_PIECE_LENGTH ||
    (pieceLength & (pieceLength - 1)) !== 0
  ) {
    refuse(
      `its pieces are ${isCount(pieceLength) ? formatBytes(pieceLength) : 'of no valid size'}, not a power of two from 16 KiB to 16 MiB`,
    )
  }
  const needed = Math.ceil(length / pieceLength)
  if (!Array.isArray(pieces) || pieces.length !== needed)
    refuse(
      `it has ${Array.isArray(pieces) ? pieces.length : 0} piece hashes where its length needs ${needed}`,
    )
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function refuse(why: string): never {
  throw new PeerwatchError('BAD_TORRENT_FILE', `This torrent is damaged or crafted: ${why}.`)
}
