import { MAX_TORRENT_FILE_BYTES } from '../src-shared/contract.js'

// What the one box on the home page was given: something that opens a torrent, or a search.

export type InputKind =
  | { kind: 'torrent'; torrentId: string }
  | { kind: 'search'; query: string }
  | { kind: 'empty' }

const HEX_INFOHASH = /^[0-9a-f]{40}$/i
const BASE32_INFOHASH = /^[a-z2-7]{32}$/i

export function classifyInput(text: string): InputKind {
  const value = text.trim()
  if (!value) return { kind: 'empty' }
  if (/^magnet:\?/i.test(value)) return { kind: 'torrent', torrentId: value }
  if (HEX_INFOHASH.test(value)) return { kind: 'torrent', torrentId: value.toLowerCase() }
  if (BASE32_INFOHASH.test(value)) return { kind: 'torrent', torrentId: value }
  if (isHttpUrl(value)) return { kind: 'torrent', torrentId: value }
  return { kind: 'search', query: value }
}

function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false
  try {
    new URL(value)
    return true
  } catch {
    return false
  }
}

export type TorrentFileCheck = { ok: true; bytes: Uint8Array } | { ok: false; message: string; hint: string }

/** Reads a dropped or picked file when it looks like a .torrent of a sane size. */
export async function readTorrentFile(file: File): Promise<TorrentFileCheck> {
  const isTorrent = /\.torrent$/i.test(file.name) || file.type === 'application/x-bittorrent'
  if (!isTorrent) {
    return {
      ok: false,
      message: `"${file.name}" is not a .torrent file.`,
      hint: 'Drop a file ending in .torrent.',
    }
  }
  if (file.size > MAX_TORRENT_FILE_BYTES) {
    return {
      ok: false,
      message: `"${file.name}" is larger than 10 MB.`,
      hint: 'A .torrent file is small: check that this is the right file.',
    }
  }
  return { ok: true, bytes: new Uint8Array(await file.arrayBuffer()) }
}
