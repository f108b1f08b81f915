import type { Torrent as WebTorrentTorrent, Wire } from 'webtorrent'

/**
 * Seconds of data each peer may have queued for us while someone is watching: a seek waits about
 * this long behind data already on its way. It still covers a 150 ms round trip at full speed.
 */
export const WATCHING_PIPELINE_SECONDS = 0.15

/** A player that just closed a stream is usually about to open the next one (a seek). */
export const WATCHING_GRACE_MS = 10_000

const BLOCK_LENGTH = 16 * 1024
/** Enough for a peer to show its speed: a depth derived from a slow start would keep it slow. */
const MIN_REQUESTS = 16

/**
 * Keeps request pipelines shallow while a playhead is open. webtorrent queues 0.5-1 s of
 * blocks per peer; the peer has already put that data into its send buffer, so after a seek the
 * new blocks arrive only once it drains. webtorrent honours the peer's BEP 10 `reqq` (how many
 * requests it accepts) as a cap, so lowering it to ~0.15 s of data per peer bounds the wait;
 * when nobody watches, the peer's own value comes back and bulk download runs at full depth.
 */
export class RequestPipeline {
  private readonly original = new WeakMap<Wire, number | undefined>()
  private readonly fastest = new WeakMap<Wire, number>()
  private shallow = false

  constructor(private readonly torrent: WebTorrentTorrent) {}

  /** Called on every playhead change and once a second. */
  update(watching: boolean): void {
    if (!watching && !this.shallow) return
    this.shallow = watching
    for (const wire of this.torrent.wires) {
      const handshake = wire.peerExtendedHandshake
      if (!handshake) continue
      if (!this.original.has(wire)) this.original.set(wire, handshake.reqq)
      const peerLimit = this.original.get(wire)
      handshake.reqq = watching
        ? Math.min(peerLimit ?? Number.POSITIVE_INFINITY, this.depthFor(wire))
        : peerLimit
    }
  }

  private depthFor(wire: Wire): number {
    const speed = Math.max(wire.downloadSpeed(), this.fastest.get(wire) ?? 0)
    this.fastest.set(wire, speed)
    return Math.max(MIN_REQUESTS, Math.ceil((WATCHING_PIPELINE_SECONDS * speed) / BLOCK_LENGTH))
  }
}
