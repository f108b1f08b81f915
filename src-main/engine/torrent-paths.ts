import { PeerwatchError } from './errors.js'

/** More than any film needs; a torrent listing more is refused before anything is written. */
export const MAX_TORRENT_FILES = 10_000

interface ParsedFiles {
  name?: string
  files?: Array<{ path: string; name: string }>
}

// Windows refuses these as file names, with or without an extension.
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i
/** Control characters, and what Windows forbids in a name. */
function isForbidden(ch: string): boolean {
  return ch < ' ' || ch === '\u007f' || '<>:"|?*'.includes(ch)
}

/**
 * Makes every path a torrent names safe to create on any OS, inside the torrent's own folder:
 * no absolute paths or `..` (parse-torrent already folds those away; this does not rely on it),
 * no control characters, no names Windows reserves. Two files that end up with the same path
 * are told apart. Mutates the parsed torrent, before webtorrent lays out its files.
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
  const taken = new Set<string>()
  files.forEach((file, index) => {
    const segments = file.path
      .split(/[/\\]+/)
      .filter((s) => s !== '' && s !== '.' && s !== '..')
      .map((s) => safeSegment(s, `file-${index}`))
    if (segments.length === 0) segments.push(`file-${index}`)
    let path = segments.join('/')
    if (taken.has(path.toLowerCase())) {
      segments[segments.length - 1] = `${index}-${segments.at(-1)}`
      path = segments.join('/')
    }
    taken.add(path.toLowerCase())
    file.path = path
    file.name = segments.at(-1) ?? file.name
  })
}

function safeSegment(segment: string, fallback: string): string {
  const cleaned = [...segment]
    .map((ch) => (isForbidden(ch) ? '_' : ch))
    .join('')
    .replace(/[. ]+$/, '')
    .slice(0, 255)
  if (cleaned === '' || cleaned === '.' || cleaned === '..') return fallback
  return RESERVED.test(cleaned) ? `_${cleaned}` : cleaned
}
