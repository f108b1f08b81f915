import type { Torrent as WebTorrentTorrent, Wire } from 'webtorrent'

/**
 * Every private part of webtorrent (and of the wire and piece objects it uses) that the engine
 * relies on, in one place. They are not API: a webtorrent release may rename or drop any of
 * them, so package.json pins the version below and test/unit/webtorrent-internals.test.ts fails
 * when one of them is gone or stops doing what the engine expects.
 *
 * Used, and by whom:
 * - `torrent._select` / `_deselect` (stream selections): the downloader's piece windows;
 * - `torrent._markUnverified`: memory mode, when a piece is evicted;
 * - `torrent._onMetadata` (wrapped) and `_startupBitfield`: safe paths and an empty start;
 * - `torrent._peers`: BEP 10 acknowledgement of prompts;
 * - `torrent._registerPeer` (wrapped) and a peer's `type`, `retries`, `secure` and `onConnect`:
 *   whether a connection we dial starts with the encryption handshake;
 * - `torrent._critical`, `_request` (wrapped), `_hotswap` (wrapped), `pieces[i]` (torrent-piece's
 *   `_chunks`, `_reservations`, `_cancellations`, `_buffer`, `_flushed`, `cancel`): who fetches a playhead's blocks;
 * - `wire.peerExtendedHandshake.reqq`, which webtorrent honours as a request cap,
 *   `wire.requests`, `torrent._updateWire` (wrapped) and `_update`: request pipelines.
 */
export const WEBTORRENT_VERSION = '3.0.21'

const BLOCK_LENGTH = 16 * 1024

/** One of our outstanding requests to a peer (bittorrent-protocol's Request). */
export interface OutstandingRequest {
  readonly piece: number
  readonly offset: number
  readonly length: number
}

interface PieceInternals {
  _chunks: number
  _reservations: number
  _cancellations: number[] | null
  _buffer: unknown[] | null
  _flushed: boolean
  cancel(block: number): void
}

interface TorrentInternals {
  _select(from: number, to: number, priority: number, notify: null, isStreamSelection: true): void
  _deselect(from: number, to: number, isStreamSelection: true): void
  _markUnverified(index: number): void
  _onMetadata(metadata: unknown): Promise<void>
  _startupBitfield?: Uint8Array
  _peers: Map<string, { wire: Wire | null; conn: unknown }> | null
  _critical: boolean[]
  _request(wire: Wire, index: number, hotswap: boolean): boolean
  _hotswap(wire: Wire, index: number): boolean
  _registerPeer(peer: PeerInternals): void
  _updateWire(wire: Wire): unknown
  _update(): void
  pieces: Array<PieceInternals | null>
}

interface PeerInternals {
  type: string
  /** Earlier attempts to reach this address (webtorrent sets it before the new one connects). */
  retries: number
  /** Read when the connection opens: 0 starts with the BitTorrent handshake, 1 with MSE's key exchange. */
  secure: number
  onConnect(): void
}

interface WireInternals {
  peerExtendedHandshake?: { reqq?: number }
  requests: OutstandingRequest[]
  /** A throughput meter: called with bytes it counts them, without it reads bytes per second. */
  downloadSpeed(bytes?: number): number
}

const inside = (torrent: WebTorrentTorrent): TorrentInternals => torrent as unknown as TorrentInternals
const wireInside = (wire: Wire): WireInternals => wire as unknown as WireInternals

/** Names of the internals above that this torrent lacks (empty when all are there). */
export function missingInternals(torrent: WebTorrentTorrent): string[] {
  const t = inside(torrent) as unknown as Record<string, unknown>
  const methods = [
    '_select',
    '_deselect',
    '_markUnverified',
    '_onMetadata',
    '_request',
    '_hotswap',
    '_registerPeer',
    '_updateWire',
    '_update',
  ]
  const missing = methods.filter((name) => typeof t[name] !== 'function')
  if (!Array.isArray(t._critical)) missing.push('_critical')
  if (!(t._peers instanceof Map)) missing.push('_peers')
  return missing
}

export function selectPieces(torrent: WebTorrentTorrent, from: number, to: number, priority: number): void {
  inside(torrent)._select(from, to, priority, null, true)
}

export function deselectPieces(torrent: WebTorrentTorrent, from: number, to: number): void {
  inside(torrent)._deselect(from, to, true)
}

export function markUnverified(torrent: WebTorrentTorrent, index: number): void {
  inside(torrent)._markUnverified(index)
}

/** Runs `before` on the metadata ahead of webtorrent's own handler, which it then calls. */
export function interceptMetadata(
  torrent: WebTorrentTorrent,
  before: (metadata: unknown, handle: (metadata: unknown) => Promise<void>) => Promise<void>,
): void {
  const t = inside(torrent)
  const handle = t._onMetadata.bind(t)
  t._onMetadata = (metadata) => before(metadata, handle)
}

/** The bitfield webtorrent starts from instead of checking the store for every piece. */
export function setStartupBitfield(torrent: WebTorrentTorrent, bits: Uint8Array): void {
  inside(torrent)._startupBitfield = bits
}

/** Every peer webtorrent knows, with its connection once dialled. */
export function knownPeers(torrent: WebTorrentTorrent): Iterable<{ wire: Wire | null; conn: unknown }> {
  return inside(torrent)._peers?.values() ?? []
}

export function isCritical(torrent: WebTorrentTorrent, index: number): boolean {
  return inside(torrent)._critical[index] === true
}

/** webtorrent never unmarks a critical piece (its `critical()` only adds); this does. */
export function clearCritical(torrent: WebTorrentTorrent, index: number): void {
  inside(torrent)._critical[index] = false
}

/** Blocks of a piece nobody has been asked for yet (all of them before it starts; 0 once whole). */
export function unrequestedBlocks(torrent: WebTorrentTorrent, index: number): number {
  if (torrent.bitfield.get(index)) return 0
  const piece = inside(torrent).pieces[index]
  if (!piece || piece._flushed) return 0
  if (!piece._buffer) return piece._chunks
  return piece._chunks - piece._reservations + (piece._cancellations?.length ?? 0)
}

/** Puts one block of a piece back among the unrequested (its request stays out, a duplicate). */
export function releaseBlock(torrent: WebTorrentTorrent, index: number, offset: number): void {
  inside(torrent).pieces[index]?.cancel(Math.floor(offset / BLOCK_LENGTH))
}

/**
 * webtorrent asks `_request` for one block of `index` from `wire` every time it fills a
 * pipeline; `allow` can refuse, and webtorrent moves on to the next piece it wants.
 */
export function gateBlockRequests(
  torrent: WebTorrentTorrent,
  allow: (wire: Wire, index: number) => boolean,
): void {
  const t = inside(torrent)
  const request = t._request.bind(t)
  t._request = (wire, index, hotswap) => allow(wire, index) && request(wire, index, hotswap)
}

/**
 * When every block of a piece is out, webtorrent asks `_hotswap` whether `wire` may take one
 * from a slower peer; `decide` answers (calling webtorrent's own rule when it wants it). A block
 * it frees must be released with `releaseBlock`.
 */
export function decideHotswaps(
  torrent: WebTorrentTorrent,
  decide: (wire: Wire, index: number, original: () => boolean) => boolean,
): void {
  const t = inside(torrent)
  const hotswap = t._hotswap.bind(t)
  t._hotswap = (wire, index) => decide(wire, index, () => hotswap(wire, index))
}

/**
 * Has webtorrent go over every peer's pipeline now. It does so only when something happens (a
 * block, a verified piece, a have, an unchoke), so when the one peer holding the last blocks a
 * reader waits for falls silent, nothing else would.
 */
export function wakeRequests(torrent: WebTorrentTorrent): void {
  inside(torrent)._update()
}

/**
 * webtorrent fills a peer's pipeline in `_updateWire`, reading peers' download speeds (the bytes
 * of their last few seconds) for how many requests to keep out, whether a faster peer should
 * have a piece instead and whose block a faster one may take over. While it does, a peer's speed
 * reads `speedOf(wire)`; everything else (progress, choking) still reads the bytes.
 */
export function judgePeerSpeeds(torrent: WebTorrentTorrent, speedOf: (wire: Wire) => number): void {
  const t = inside(torrent)
  const updateWire = t._updateWire.bind(t)
  let deciding = false
  t._updateWire = (wire) => {
    deciding = true
    try {
      return updateWire(wire)
    } finally {
      deciding = false
    }
  }
  const judge = (wire: Wire): void => {
    const meter = wireInside(wire)
    const bytesPerSecond = meter.downloadSpeed
    meter.downloadSpeed = (bytes) => (bytes === undefined && deciding ? speedOf(wire) : bytesPerSecond(bytes))
  }
  for (const wire of torrent.wires) judge(wire)
  torrent.on('wire', judge)
}

/**
 * Decides, as each TCP connection we dial opens, whether it starts with the encryption
 * handshake (MSE), from how many attempts to reach that address came before.
 */
export function chooseEncryption(torrent: WebTorrentTorrent, encrypt: (attempt: number) => boolean): void {
  const t = inside(torrent)
  const register = t._registerPeer.bind(t)
  t._registerPeer = (peer) => {
    if (peer.type === 'tcpOutgoing') {
      const connect = peer.onConnect.bind(peer)
      peer.onConnect = () => {
        peer.secure = encrypt(peer.retries) ? 1 : 0
        connect()
      }
    }
    register(peer)
  }
}

/** Our requests to this peer not answered yet, oldest first. */
export function outstandingRequests(wire: Wire): readonly OutstandingRequest[] {
  return wireInside(wire).requests
}

/** The request cap the peer announced (BEP 10 `reqq`); webtorrent never keeps more queued. */
export function peerRequestCap(wire: Wire): number | undefined | null {
  const handshake = wireInside(wire).peerExtendedHandshake
  return handshake ? handshake.reqq : null
}

export function setPeerRequestCap(wire: Wire, reqq: number | undefined): void {
  const handshake = wireInside(wire).peerExtendedHandshake
  if (handshake) handshake.reqq = reqq
}
