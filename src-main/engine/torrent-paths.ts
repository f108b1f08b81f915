import { PeerwatchError } from '../../src-shared/errors.js'

/** More than any film needs; a torrent listing more is refused before anything is written. */
export const MAX_TORRENT_FILES = 10_000

interface ParsedFiles {
  name?: string
  files?: Array<{ path: string; name: string }>
}

// Windows refuses these as a name's stem (before its first dot, trailing spaces ignored), with
// or without an extension: `con.txt` and `con .txt` alike, and the superscript-digit ports.
const RESERVED_STEM = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i
/** Most file systems take 255 bytes of UTF-8 a name (ext4, APFS); NTFS's 255 UTF-16 units hold as many. */
const MAX_NAME_BYTES = 255
/** Control characters, and what Windows forbids in a name. */
function isForbidden(ch: string): boolean {
  return ch < ' ' || ch === '\u007f' || '<>:"|?*'.includes(ch)
}

/**
 * Makes every path a torrent names safe to create on any OS, inside the torrent's own folder:
 * no absolute paths or `..` (parse-torrent already folds those away; this does not rely on it),
 * no control characters, no names Windows reserves, none longer than 255 bytes. Paths are told
 * apart as macOS and Windows compare them (NFC, any case): two files, or a file and a folder,
 * that would be one there get distinct names. Mutates the parsed torrent, before webtorrent lays
 * out its files.
 */
export function sanitizeTorrentPaths(parsed: ParsedFiles): void {
  const files = parsed.files ?? []
  if (files.length > MAX_TORRENT_FILES) {
    throw new PeerwatchError(
      'BAD_TORRENT_FILE',
      `This torrent lists ${files.length} files; Peerwatch opens torrents with up to ${MAX_TORRENT_FILES}.`,
    )
  }
  if (typeof parsed.name === 'string') parsed.name = safeSegment(parsed.name, 'torrent')
  const filePaths = new Set<string>()
  const folderPaths = new Set<string>()
  files.forEach((file, index) => {
    const segments = file.path
      .split(/[/\\]+/)
      .filter((s) => s !== '' && s !== '.' && s !== '..')
      .map((s) => safeSegment(s, `file-${index}`))
    if (segments.length === 0) segments.push(`file-${index}`)
    // A folder may not have the path of a file listed before it, nor a file that of any folder.
    for (let depth = 0; depth < segments.length; depth++) {
      const last = depth === segments.length - 1
      const clashes = (path: string): boolean =>
        filePaths.has(path) || (last && (folderPaths.has(path) || filePaths.has(path)))
      for (let n = 0; clashes(comparable(segments.slice(0, depth + 1))); n++)
        segments[depth] = numbered(segments[depth] as string, index, n)
    }
    filePaths.add(comparable(segments))
    for (let depth = 1; depth < segments.length; depth++)
      folderPaths.add(comparable(segments.slice(0, depth)))
    file.path = segments.join('/')
    file.name = segments.at(-1) ?? file.name
  })
}

/** A path as case-insensitive, normalising file systems (APFS, NTFS) compare it. */
function comparable(segments: string[]): string {
  return segments.join('/').normalize('NFC').toLowerCase()
}

function numbered(segment: string, index: number, n: number): string {
  const original = segment.replace(new RegExp(`^${index}-(\\d+-)?`), '')
  return safeSegment(`${index}-${n > 0 ? `${n}-` : ''}${original}`, `file-${index}-${n}`)
}

function safeSegment(segment: string, fallback: string): string {
  const replaced = [...segment].map((ch) => (isForbidden(ch) ? '_' : ch)).join('')
  const cleaned = withinBytes(replaced.replace(/[. ]+$/, ''), MAX_NAME_BYTES).replace(/[. ]+$/, '')
  if (cleaned === '' || cleaned === '.' || cleaned === '..') return fallback
  const stem = (cleaned.split('.', 1)[0] ?? '').replace(/ +$/, '')
  return RESERVED_STEM.test(stem) ? withinBytes(`_${cleaned}`, MAX_NAME_BYTES) : cleaned
}

/** The longest start of `text` (whole characters) that fits in `max` bytes of UTF-8. */
function withinBytes(text: string, max: number): string {
  let bytes = 0
  let end = 0
  for (const ch of text) {
    bytes += Buffer.byteLength(ch)
    if (bytes > max) break
    end += ch.length
  }
  return text.slice(0, end)
}
