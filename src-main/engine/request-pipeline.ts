import type { Torrent as WebTorrentTorrent, Wire } from 'webtorrent'

/** A player that just closed a stream is usually about to open the next one (a seek). */
export const WATCHING_GRACE_MS = 10_000

const BLOCK_LENGTH = 16 * 1024
/** Round trip assumed for a peer until its own blocks have shown the real one. */
const UNMEASURED_RTT_SECONDS = 0.15
/**
 * Slack over the round trip for jitter in the peer's sending; it also lets a capped pipeline grow
 * (by (rtt + margin) / rtt per update). A share of the round trip, so a short route (a LAN, the
 * bench's loopback) does not queue 30 ms of data ahead of every seek.
 */
const RTT_MARGIN_MIN_SECONDS = 0.005
const RTT_MARGIN_SHARE = 0.3
/** webtorrent's own start, kept until the peer's round trip is known. */
const MIN_REQUESTS_UNMEASURED = 2
/**
 * Once it is known, one block is enough where the measurement says so: only a peer both slow and
 * near (about 2 MiB/s on a LAN) gets there, and such a peer is held back by a rate limiter's
 * token bucket, which makes up for the moments it waits for our next request.
 */
const MIN_REQUESTS = 1
/** The round trip is the minimum over the last one to two of these, so a slower route is noticed. */
const RTT_WINDOW_MS = 5_000

/**
 * Keeps request pipelines at the bandwidth-delay product while someone watches. webtorrent
 * queues 0.5-1 s of blocks per peer; the peer has already put that data into its send buffer,
 * so after a seek the new blocks arrive only once it drains, and cancels cannot pull it back.
 * Anything queued beyond one round trip of data is pure seek latency. webtorrent honours the
 * peer's BEP 10 `reqq` as a cap, so while a playhead is open that cap is lowered to
 * fastest-speed x (round trip + margin); when nobody watches, the peer's own value comes back.
 */
export class RequestPipeline {
  private readonly peers = new WeakMap<Wire, PeerPipeline>()
  private shallow = false

  constructor(private readonly torrent: WebTorrentTorrent) {
    torrent.on('wire', (wire: Wire) => this.peerFor(wire))
  }

  /** Called on every playhead change and once a second. */
  update(watching: boolean): void {
    for (const wire of this.torrent.wires) this.peerFor(wire)
    if (!watching && !this.shallow) return
    this.shallow = watching
    for (const wire of this.torrent.wires) {
      const handshake = wire.peerExtendedHandshake
      if (!handshake) continue
      const peer = this.peerFor(wire)
      if (peer.originalReqq === UNSET) peer.originalReqq = handshake.reqq
      const peerLimit = peer.originalReqq
      handshake.reqq = watching ? Math.min(peerLimit ?? Number.POSITIVE_INFINITY, peer.depth()) : peerLimit
    }
  }

  private peerFor(wire: Wire): PeerPipeline {
    let peer = this.peers.get(wire)
    if (!peer) {
      peer = new PeerPipeline(wire)
      this.peers.set(wire, peer)
    }
    return peer
  }
}

const UNSET = Symbol('unset')

class PeerPipeline {
  originalReqq: number | undefined | typeof UNSET = UNSET
  private fastest = 0
  private previousWindowMin = Number.POSITIVE_INFINITY
  private windowMin = Number.POSITIVE_INFINITY
  private windowStartedAt = performance.now()

  constructor(private readonly wire: Wire) {
    this.measureRoundTrips()
  }

  get rttSeconds(): number | null {
    const rtt = Math.min(this.previousWindowMin, this.windowMin)
    return Number.isFinite(rtt) ? rtt : null
  }

  depth(): number {
    this.fastest = Math.max(this.fastest, this.wire.downloadSpeed())
    const measured = this.rttSeconds
    const rtt = measured ?? UNMEASURED_RTT_SECONDS
    const seconds = rtt + Math.max(RTT_MARGIN_MIN_SECONDS, RTT_MARGIN_SHARE * rtt)
    const least = measured === null ? MIN_REQUESTS_UNMEASURED : MIN_REQUESTS
    return Math.max(least, Math.ceil((seconds * this.fastest) / BLOCK_LENGTH))
  }

  /**
   * Times the requests sent with nothing queued ahead of them (the first on a connection, the
   * first after the pipeline drained); the minimum is the round trip plus one block's sending.
   * Subtracting queued blocks' time at the speed seen instead was fooled over long routes: there
   * that speed is the pipeline's own limit, so the subtraction took the whole round trip away,
   * the estimate fell to nothing and the pipeline to one block (docs/PERFORMANCE.md, lever 16).
   */
  private measureRoundTrips(): void {
    const wire = this.wire
    const request = wire.request.bind(wire)
    wire.request = (index, offset, length, cb) => {
      const sentAt = performance.now()
      const alone = wire.requests.length === 0
      request(index, offset, length, (err, buf) => {
        if (!err && alone) this.addSample((performance.now() - sentAt) / 1000)
        cb?.(err, buf)
      })
    }
  }

  private addSample(latencySeconds: number): void {
    const now = performance.now()
    if (now - this.windowStartedAt > RTT_WINDOW_MS) {
      this.previousWindowMin = this.windowMin
      this.windowMin = Number.POSITIVE_INFINITY
      this.windowStartedAt = now
    }
    this.windowMin = Math.min(this.windowMin, latencySeconds)
  }
}
