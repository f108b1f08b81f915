import parseTorrent, { type ParsedTorrent } from 'parse-torrent'
import type { Torrent as WebTorrentTorrent } from 'webtorrent'
import { PeerwatchError } from '../../src-shared/errors.js'
import { CorruptPeerGuard } from './corrupt-peer-guard.js'
import { pathExists } from './path-exists.js'
import { plaintextFirst } from './plaintext-first.js'
import { promptAcks } from './prompt-acks.js'
import { sanitizeTorrentPaths } from './torrent-paths.js'
import { checkTorrentShape } from './torrent-shape.js'
import { interceptMetadata, setStartupBitfield } from './webtorrent-internals.js'

// How the engine changes one webtorrent torrent's behaviour; each hook is installed once, when the
// torrent is added.

/** Peers: prompt ACKs, the plain handshake first, and the ban of peers that send corrupt blocks. */
export function guardPeers(wt: WebTorrentTorrent): void {
  new CorruptPeerGuard(wt)
  promptAcks(wt)
  plaintextFirst(wt)
}

/**
 * Two things webtorrent's metadata handler (intercepted, never replaced) must see first:
 * - a magnet's file list comes from peers: its paths are made safe before webtorrent lays out
 *   files on disk (a torrent whose paths or shape cannot be made safe goes to `refuse`);
 * - when nothing is stored yet (memory mode, or no folder for this torrent), an all-zero
 *   startup bitfield, so webtorrent does not ask the store for every piece before it is ready
 *   (a 2 GiB film in 256 KiB pieces: 8,192 reads of files that do not exist, ahead of the
 *   first byte).
 */
export function checkMetadataFirst(
  wt: WebTorrentTorrent,
  mode: 'disk' | 'memory',
  refuse: (error: PeerwatchError) => void,
): void {
  interceptMetadata(wt, async (metadata, onMetadata) => {
    if (wt.metadata || wt.destroyed) return onMetadata(metadata)
    let parsed: ParsedTorrent
    try {
      parsed = isParsed(metadata) ? metadata : await parseTorrent(metadata as Uint8Array)
      sanitizeTorrentPaths(parsed)
      checkTorrentShape(parsed)
    } catch (err) {
      if (err instanceof PeerwatchError) return refuse(err)
      return onMetadata(metadata)
    }
    const startsEmpty = mode === 'memory' || !(await pathExists(wt.path))
    if (startsEmpty && Array.isArray(parsed.pieces))
      setStartupBitfield(wt, new Uint8Array(Math.ceil(parsed.pieces.length / 8)))
    return onMetadata(parsed)
  })
}

/**
 * webtorrent puts a piece into its store only once its hash matched, and marks it verified
 * when the store says it is written. `listener` sees the bytes at the put itself: a reader
 * waiting for them, on disk, is spared a write and a read (on the threadpool, behind the
 * background download's) between the last block and the player. Call once the store exists.
 */
export function onStorePut(
  wt: WebTorrentTorrent,
  listener: (index: number, bytes: Uint8Array) => void,
): void {
  const store = wt.store
  if (!store) return
  const put = store.put.bind(store)
  store.put = (index, buf, cb) => {
    listener(index, buf)
    put(index, buf, cb)
  }
}

function isParsed(metadata: unknown): metadata is ParsedTorrent {
  return typeof metadata === 'object' && metadata !== null && 'infoHash' in metadata
}
