import { open, stat } from 'node:fs/promises'
import parseTorrent, { type ParsedTorrent } from 'parse-torrent'
import { MAX_TORRENT_FILE_BYTES, MAX_TORRENT_ID_LENGTH } from '../../src-shared/contract.js'
import { PeerwatchError } from '../../src-shared/errors.js'
import { formatBytes } from '../../src-shared/human-format.js'
import { fetchLink, type LinkFailure, LinkFetchError } from './link-fetch.js'
import { sanitizeTorrentPaths } from './torrent-paths.js'
import { checkTorrentShape } from './torrent-shape.js'

export interface TorrentIdOptions {
  /** Largest .torrent file accepted, from disk or the web. */
  maxTorrentBytes?: number
  fetchTimeoutMs?: number
  /** Stands in for the internet's addresses in tests (link-fetch.ts). */
  isPublicAddress?: (address: string) => boolean
}

const DEFAULT_FETCH_TIMEOUT_MS = 15_000
export const HEX_INFOHASH = /^[0-9a-f]{40}$/i
export const BASE32_INFOHASH = /^[a-z2-7]{32}$/i

/**
 * Turns whatever the person gave us (magnet link, infohash, .torrent URL, .torrent path, or the
 * bytes of a .torrent file) into a parsed torrent webtorrent can add. Every failure is a
 * PeerwatchError with a code and a sentence that says what to do.
 */
export async function resolveTorrentId(
  input: string | Uint8Array,
  opts: TorrentIdOptions = {},
): Promise<ParsedTorrent> {
  const maxBytes = opts.maxTorrentBytes ?? MAX_TORRENT_FILE_BYTES
  if (input instanceof Uint8Array) return decodeTorrentFile(input, maxBytes)

  const id = input.trim()
  if (id.length === 0 || id.length > MAX_TORRENT_ID_LENGTH) {
    throw new PeerwatchError(
      'BAD_TORRENT_ID',
      'Paste a magnet link, an infohash or a link to a .torrent file.',
    )
  }
  if (/^magnet:/i.test(id)) return parseMagnet(id)
  if (HEX_INFOHASH.test(id) || BASE32_INFOHASH.test(id)) return parseMagnet(`magnet:?xt=urn:btih:${id}`)
  if (/^https?:\/\//i.test(id)) return fetchTorrentFile(id, maxBytes, opts)
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(id)) {
    throw new PeerwatchError(
      'BAD_TORRENT_ID',
      `Links starting with "${id.split(':')[0]}:" are not supported.`,
    )
  }
  return readTorrentPath(id, maxBytes)
}

/** Short, safe echo of untrusted input for an error sentence. */
export function describeInput(text: string): string {
  const clean = [...text].filter((ch) => ch >= ' ' && ch !== '\u007f').join('')
  return clean.length > 60 ? `${clean.slice(0, 57)}...` : clean
}

async function parseMagnet(uri: string): Promise<ParsedTorrent> {
  const params = magnetParams(uri)
  const xts = params.filter(([key]) => key === 'xt').map(([, value]) => value)
  const btih = xts.find((xt) => /^urn:btih:/i.test(xt))
  if (!btih) {
    const hint = xts.some((xt) => /^urn:btmh:/i.test(xt))
      ? 'Only BitTorrent v1 magnet links (urn:btih) are supported.'
      : 'This magnet link has no BitTorrent infohash (xt=urn:btih:...).'
    throw new PeerwatchError('BAD_MAGNET', hint)
  }
  const hash = btih.slice('urn:btih:'.length)
  if (!HEX_INFOHASH.test(hash) && !BASE32_INFOHASH.test(hash)) {
    throw new PeerwatchError(
      'BAD_MAGNET',
      'The infohash in this magnet link is not 40 hex or 32 base32 characters.',
    )
  }
  // parse-torrent is case-sensitive and does not decode xt: hand it the canonical spelling.
  const rest = params.filter(([key]) => key !== 'xt').map(([key, value]) => `${key}=${value}`)
  const canonical = `magnet:?${[`xt=urn:btih:${hash}`, ...rest].join('&')}`
  try {
    const parsed = await parseTorrent(canonical)
    // A magnet's xs= names a server for the metadata, which webtorrent would fetch whole into
    // memory wherever it points (this computer, the local network); peers send it checked.
    const { xs: _exactSource, ...fromPeers } = parsed
    return { ...fromPeers, infoHash: parsed.infoHash.toLowerCase() }
  } catch (err) {
    throw new PeerwatchError('BAD_MAGNET', 'This magnet link is malformed.', { cause: err })
  }
}

/** Query parameters with lowercased keys; xt values are decoded, the rest left as they came. */
function magnetParams(uri: string): Array<[string, string]> {
  const query = uri.slice(uri.indexOf('?') + 1)
  return query
    .split('&')
    .filter(Boolean)
    .map((param) => {
      const eq = param.indexOf('=')
      const key = (eq < 0 ? param : param.slice(0, eq)).toLowerCase()
      const value = eq < 0 ? '' : param.slice(eq + 1)
      if (key !== 'xt') return [key, value]
      try {
        return [key, decodeURIComponent(value)]
      } catch {
        throw new PeerwatchError('BAD_MAGNET', 'This magnet link has a badly encoded parameter.')
      }
    })
}

async function decodeTorrentFile(bytes: Uint8Array, maxBytes: number): Promise<ParsedTorrent> {
  if (bytes.length > maxBytes) {
    throw tooLarge(maxBytes)
  }
  // parse-torrent reads a 20-byte buffer as a raw infohash; no real .torrent is that small.
  if (bytes.length <= 20 || bytes[0] !== 0x64 /* 'd' */) {
    throw new PeerwatchError('BAD_TORRENT_FILE', 'This is not a .torrent file.')
  }
  let parsed: ParsedTorrent
  try {
    parsed = await parseTorrent(bytes)
  } catch (err) {
    throw new PeerwatchError('BAD_TORRENT_FILE', 'This .torrent file is damaged or incomplete.', {
      cause: err,
    })
  }
  sanitizeTorrentPaths(parsed)
  checkTorrentShape(parsed)
  return parsed
}

async function fetchTorrentFile(
  url: string,
  maxBytes: number,
  opts: TorrentIdOptions,
): Promise<ParsedTorrent> {
  let bytes: Uint8Array
  try {
    bytes = await fetchLink(url, {
      maxBytes,
      timeoutMs: opts.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
      ...(opts.isPublicAddress ? { isPublicAddress: opts.isPublicAddress } : {}),
    })
  } catch (err) {
    throw linkProblem(err, maxBytes)
  }
  return decodeTorrentFile(bytes, maxBytes)
}

function linkProblem(err: unknown, maxBytes: number): PeerwatchError {
  const failure: LinkFailure = err instanceof LinkFetchError ? err.failure : { kind: 'unreachable' }
  if (failure.kind === 'too-large') return tooLarge(maxBytes)
  const why = {
    timeout: 'it did not answer in time',
    unreachable: 'it could not be reached',
    status: `the server answered ${failure.kind === 'status' ? failure.status : ''}`,
    elsewhere: 'the link led elsewhere, and no .torrent file came from there',
    refused: 'the link led to this computer or the local network, which only a link naming them may reach',
  }[failure.kind]
  return new PeerwatchError('TORRENT_FETCH_FAILED', `Could not download the .torrent file: ${why}.`, {
    cause: err,
  })
}

async function readTorrentPath(path: string, maxBytes: number): Promise<ParsedTorrent> {
  const info = await stat(path).catch(() => null)
  if (!info?.isFile()) {
    throw new PeerwatchError(
      'BAD_TORRENT_ID',
      `"${describeInput(path)}" is not a magnet link, an infohash, a .torrent link or a .torrent file.`,
    )
  }
  if (info.size > maxBytes) {
    throw tooLarge(maxBytes)
  }
  const handle = await open(path, 'r')
  try {
    const bytes = new Uint8Array(info.size)
    await handle.read(bytes, 0, info.size, 0)
    return await decodeTorrentFile(bytes, maxBytes)
  } finally {
    await handle.close()
  }
}

function tooLarge(maxBytes: number): PeerwatchError {
  return new PeerwatchError(
    'TORRENT_TOO_LARGE',
    `This .torrent file is larger than ${formatBytes(maxBytes)}.`,
  )
}
