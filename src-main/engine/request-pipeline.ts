import type { Torrent as WebTorrentTorrent, Wire } from 'webtorrent'
import {
  judgePeerSpeeds,
  type OutstandingRequest,
  outstandingRequests,
  peerRequestCap,
  setPeerRequestCap,
} from './webtorrent-internals.js'

/** A player that just closed a stream is usually about to open the next one (a seek). */
export const WATCHING_GRACE_MS = 10_000

const BLOCK_LENGTH = 16 * 1024
/** Until a peer's own blocks have shown its round trip and rate, it is taken to be this far and this fast. */
const UNMEASURED_RTT_SECONDS = 0.15
const UNMEASURED_BYTES_PER_SECOND = 256 * 1024
/** Requests a new peer gets before anything is measured (webtorrent starts with 2). */
const INITIAL_REQUESTS = 4
/**
 * Blocks kept queued beyond the bandwidth-delay product. They are the probe: while the peer
 * keeps up, each round trip delivers this much more than the last and the pipeline grows with
 * it; once its uplink is the limit, they are the whole of what waits at the peer ahead of a seek
 * (three blocks: 24 ms at 2 MB/s).
 */
const PROBE_BLOCKS = 3
/** A request that took longer than this share of the round trip (plus the slack) waited in a queue. */
const QUEUED_RTT_SHARE = 1.25
const QUEUED_SLACK_SECONDS = 0.005
/** Round trip and rate are the minimum and maximum over the last one to two of these windows. */
const RTT_WINDOW_MS = 5_000
const RATE_WINDOW_MS = 2_000
/** After a peer's first two seconds, its rate is the better of its last two averages over this. */
const RATE_SPAN_MS = 1_000
/**
 * A delivery-rate sample covers at least this much of the peer's busy time. Rate limiters send
 * in bursts (libtorrent a tick's quota at once, webtorrent a second of banked tokens, aria2 its
 * fast start): one request answered within a burst read five to ten times the cap, and the
 * pipelines it sized held 15-40 blocks at each peer when the next seek landed.
 */
const RATE_SAMPLE_MIN_MS = 500
/** A peer this many blocks' time late is stalled; less is the jitter of a steady one. */
const STALL_GRACE_BLOCKS = 2
/**
 * A peer asked nothing for this long is measured afresh when next asked, as TCP restarts its
 * window after an idle spell: a rate limiter that was paying back a burst has long recovered,
 * and one slow reading would otherwise keep the peer out of every later seek.
 */
const FRESH_AFTER_IDLE_MS = 2_000

/**
 * Keeps request pipelines at each peer's bandwidth-delay product while someone watches.
 * webtorrent queues 0.5-1 s of blocks per peer; the peer has already put that data into its send
 * buffer, so after a seek the new blocks arrive only once it drains, and cancels cannot pull it
 * back. Anything queued beyond one round trip of data is seek latency.
 *
 * The product is measured, not guessed: the round trip from requests sent with nothing queued
 * ahead of them, the rate from how many bytes arrived while each request was out (a delivery
 * rate, as BBR measures it). The rate a pipeline lets through is bounded by the pipeline itself,
 * so sizing it from the rate alone freezes it (over a 100 ms route at two blocks, 320 KB/s, a
 * 2 MB/s peer stays there); the probe blocks above make each round trip's pipeline a little
 * deeper than the last one's rate needed, until the peer's own upload is what limits it.
 *
 * webtorrent honours the peer's BEP 10 `reqq` as a cap, so while a playhead is open that cap is
 * lowered to the depth, after every block; when nobody watches, the peer's own value comes back.
 */
export class RequestPipeline {
  private readonly peers = new WeakMap<Wire, PeerPipeline>()
  private watching = false

  constructor(private readonly torrent: WebTorrentTorrent) {
    torrent.on('wire', (wire: Wire) => this.peerFor(wire))
    // webtorrent's own reading of a peer's speed counts the seconds nobody asked it anything:
    // a peer idle between two seeks reads as a trickle, keeps two requests and is passed over
    // for any piece a busier peer holds.
    judgePeerSpeeds(torrent, (wire) => this.rateOf(wire))
  }

  /** Called on every playhead change and once a second. */
  update(watching: boolean): void {
    const changed = watching !== this.watching
    this.watching = watching
    for (const wire of this.torrent.wires) {
      const peer = this.peerFor(wire)
      if (watching || changed) peer.applyCap(watching)
    }
  }

  /** Seconds until a block asked of `wire` now would arrive: its round trip, or its queue if longer. */
  etaSeconds(wire: Wire): number {
    return this.peerFor(wire).etaSeconds()
  }

  /** Seconds until `request`, already out to `wire`, should arrive. */
  remainingSeconds(wire: Wire, request: OutstandingRequest): number {
    return this.peerFor(wire).remainingSeconds(request)
  }

  /** How long the peer has been overdue with the blocks asked of it (0 while it keeps time). */
  overdueSeconds(wire: Wire): number {
    const peer = this.peerFor(wire)
    return peer.stallSeconds(peer.rate)
  }

  /** The peer's measured rate (bytes per second), or an assumed one until it has sent something. */
  rateOf(wire: Wire): number {
    return this.peerFor(wire).rate
  }

  private peerFor(wire: Wire): PeerPipeline {
    let peer = this.peers.get(wire)
    if (!peer) {
      peer = new PeerPipeline(wire, () => this.watching)
      this.peers.set(wire, peer)
    }
    return peer
  }
}

const UNSET = Symbol('unset')

interface Arrival {
  at: number
  delivered: number
}

/** A request out to the peer: when it left (also on the busy clock), and what the peer had delivered by then. */
interface Sent {
  at: number
  busyAt: number
  delivered: number
}

class PeerPipeline {
  private originalReqq: number | undefined | typeof UNSET = UNSET
  private readonly rtt = new WindowedExtreme(RTT_WINDOW_MS, Math.min)
  private readonly bandwidth = new WindowedExtreme(RATE_WINDOW_MS, Math.max)
  private delivered = 0
  private lastArrivalAt = Number.NEGATIVE_INFINITY
  /** The last block's request waited at the peer. */
  private saturated = false
  private readonly sent = new WeakMap<OutstandingRequest, Sent>()
  /** Bytes delivered so far, at each block of the last two busy seconds (and one before them). */
  private readonly arrivals: Arrival[] = []
  /** When (busy clock) the peer began to be measured, and what it had delivered then. */
  private measuredFrom: Arrival = { at: performance.now(), delivered: 0 }
  /** Time with nothing asked of the peer, which says nothing about its rate. */
  private idleMs = 0
  private idleSince: number | null = performance.now()

  constructor(
    private readonly wire: Wire,
    private readonly watching: () => boolean,
  ) {
    this.measure()
  }

  get rate(): number {
    return this.knownRate() ?? UNMEASURED_BYTES_PER_SECOND
  }

  /** The measured rate, unless nothing was measured or the peer has been idle too long to trust it. */
  private knownRate(): number | null {
    return this.stale() ? null : this.measuredRate()
  }

  private stale(): boolean {
    return this.idleSince !== null && performance.now() - this.idleSince >= FRESH_AFTER_IDLE_MS
  }

  /**
   * The first two seconds, from each request's delivery rate, taken over half a second at least
   * (quick to follow a growing pipeline); then the better of the last two whole seconds'
   * averages. Rate limiters send in bursts (libtorrent's once per tick, aria2's about once a
   * second): a single request's rate then reads 3-8 times the cap, and a pipeline sized from it
   * queues a fifth of a second at the peer.
   * The seconds are the peer's busy ones: a peer nobody asked for anything sent nothing, and
   * counting that as a rate of nothing kept it out of every later seek.
   */
  private measuredRate(): number | null {
    const early = this.bandwidth.value
    if (this.arrivals.length === 0) return early
    const now = this.busyClock(performance.now())
    const first = this.arrivals[0] as Arrival
    if (now - first.at < 2 * RATE_SPAN_MS) return early
    const secondAgo = this.deliveredBy(now - RATE_SPAN_MS)
    const lastSecond = this.delivered - secondAgo
    const secondBefore = secondAgo - this.deliveredBy(now - 2 * RATE_SPAN_MS)
    return (Math.max(lastSecond, secondBefore) * 1000) / RATE_SPAN_MS
  }

  /** Milliseconds during which the peer had a request out: the clock its rate is measured on. */
  private busyClock(now: number): number {
    return now - this.idleMs - (this.idleSince === null ? 0 : now - this.idleSince)
  }

  private deliveredBy(at: number): number {
    let delivered = this.measuredFrom.delivered
    for (const arrival of this.arrivals) {
      if (arrival.at > at) break
      delivered = arrival.delivered
    }
    return delivered
  }

  depth(): number {
    const rtt = this.rtt.value
    const rate = this.knownRate()
    if (rtt === null || rate === null) return INITIAL_REQUESTS
    // Once requests wait at the peer its upload is the limit: one block over the product keeps
    // it busy, and the probe would only queue more ahead of the next seek.
    return Math.ceil((rate * rtt) / BLOCK_LENGTH) + (this.saturated ? 1 : PROBE_BLOCKS)
  }

  etaSeconds(): number {
    const queued = outstandingRequests(this.wire).length + 1
    const rtt = this.rtt.value ?? UNMEASURED_RTT_SECONDS
    const rate = this.rate
    return Math.max(rtt, (queued * BLOCK_LENGTH) / rate) + this.stallSeconds(rate)
  }

  remainingSeconds(request: OutstandingRequest): number {
    const position = outstandingRequests(this.wire).indexOf(request) + 1
    const sent = this.sent.get(request)
    const inFlight = sent
      ? (this.rtt.value ?? UNMEASURED_RTT_SECONDS) - (performance.now() - sent.at) / 1000
      : 0
    const rate = this.rate
    return Math.max(inFlight, (position * BLOCK_LENGTH) / rate) + this.stallSeconds(rate)
  }

  /**
   * How long the peer has been overdue: requests are out, the oldest has had its round trip,
   * and no block came when its rate said the next one would. Rate limiters pay back a burst
   * with silence (libtorrent hands out quota once per 500 ms tick: it sent 0.96 MB in 250 ms,
   * then nothing for 450 ms with 21 requests queued); a pause is expected to last as long again,
   * so a silent peer's queue is late by that much, and its blocks are worth asking of another.
   * (Expecting the peer's typical pause instead did no better over 20 seeks.)
   */
  stallSeconds(rate: number): number {
    const oldest = outstandingRequests(this.wire)[0]
    const sent = oldest ? this.sent.get(oldest) : undefined
    if (!sent) return 0
    const rtt = this.rtt.value ?? UNMEASURED_RTT_SECONDS
    // A peer silent for two seconds has a measured rate of nothing: its next block was due
    // right after its last one.
    const blockMs = rate > 0 ? (BLOCK_LENGTH / rate) * 1000 : 0
    const nextDueAt = Math.max(sent.at + rtt * 1000, this.lastArrivalAt + blockMs)
    const overdue = performance.now() - nextDueAt
    return overdue > STALL_GRACE_BLOCKS * blockMs ? overdue / 1000 : 0
  }

  applyCap(watching: boolean): void {
    const peerLimit = peerRequestCap(this.wire)
    if (peerLimit === null) return
    if (this.originalReqq === UNSET) this.originalReqq = peerLimit
    const original = this.originalReqq
    setPeerRequestCap(
      this.wire,
      watching ? Math.min(original ?? Number.POSITIVE_INFINITY, this.depth()) : original,
    )
  }

  /**
   * Each block's request is timed. One sent with nothing queued ahead of it gives the round
   * trip (plus one block's sending); every one gives a delivery rate: the bytes that arrived
   * while it was out over the time it was out. Subtracting queued blocks' time at the speed seen
   * instead was fooled over long routes, where that speed is the pipeline's own limit
   * (docs/PERFORMANCE.md, lever 16).
   */
  private measure(): void {
    const wire = this.wire
    const request = wire.request.bind(wire)
    wire.request = (index, offset, length, cb) => {
      const at = performance.now()
      const alone = outstandingRequests(wire).length === 0
      if (this.idleSince !== null) {
        if (this.stale()) this.forgetRate()
        this.idleMs += at - this.idleSince
        this.idleSince = null
      }
      const sent = { at, busyAt: this.busyClock(at), delivered: this.delivered }
      request(index, offset, length, (err, buf) => {
        // Delivered, cancelled, timed out or choked: the request has left the list either way.
        if (outstandingRequests(wire).length === 0) this.idleSince = performance.now()
        if (!err && buf) this.onDelivered(sent, alone, buf.length)
        cb?.(err, buf)
      })
      const out = outstandingRequests(wire).at(-1)
      if (out) this.sent.set(out, sent)
    }
  }

  private forgetRate(): void {
    this.measuredFrom = { at: this.busyClock(performance.now()), delivered: this.delivered }
    this.arrivals.length = 0
    this.bandwidth.clear()
    this.saturated = false
  }

  private onDelivered(sent: Sent, alone: boolean, bytes: number): void {
    const now = performance.now()
    const seconds = (now - sent.at) / 1000
    this.delivered += bytes
    this.lastArrivalAt = now
    const busyNow = this.busyClock(now)
    this.arrivals.push({ at: busyNow, delivered: this.delivered })
    while ((this.arrivals[1]?.at ?? busyNow) < busyNow - 2 * RATE_SPAN_MS) this.arrivals.shift()
    if (alone) this.rtt.add(seconds, now)
    if (seconds <= 0) return
    const rate = this.deliveryRate(sent, busyNow)
    // A request that waited behind others at the peer measures its upload exactly; one that did
    // not only shows what the pipeline let through, a floor. A rate limiter's burst after idling
    // (webtorrent's holds a second of tokens) looks like a fast peer until it runs dry; then
    // requests start waiting and the estimate comes down to the real rate at once.
    const rtt = this.rtt.value ?? UNMEASURED_RTT_SECONDS
    this.saturated = seconds > rtt * QUEUED_RTT_SHARE + QUEUED_SLACK_SECONDS
    if (this.saturated) this.bandwidth.reset(rate, now)
    else this.bandwidth.add(rate, now)
    if (this.watching()) this.applyCap(true)
  }

  /** Bytes delivered while the request was out, or over the last RATE_SAMPLE_MIN_MS if longer. */
  private deliveryRate(sent: Sent, busyNow: number): number {
    const from = Math.max(this.measuredFrom.at, Math.min(sent.busyAt, busyNow - RATE_SAMPLE_MIN_MS))
    const delivered = this.delivered - (from === sent.busyAt ? sent.delivered : this.deliveredBy(from))
    return (delivered * 1000) / (busyNow - from)
  }
}

/** The minimum (or maximum) of samples over the last one to two windows. */
class WindowedExtreme {
  private previous: number | null = null
  private current: number | null = null
  private startedAt = performance.now()

  constructor(
    private readonly windowMs: number,
    private readonly pick: (a: number, b: number) => number,
  ) {}

  get value(): number | null {
    if (this.previous === null) return this.current
    if (this.current === null) return this.previous
    return this.pick(this.previous, this.current)
  }

  clear(): void {
    this.previous = this.current = null
  }

  reset(sample: number, now: number): void {
    this.previous = null
    this.current = sample
    this.startedAt = now
  }

  add(sample: number, now: number): void {
    if (now - this.startedAt > this.windowMs) {
      this.previous = this.current
      this.current = null
      this.startedAt = now
    }
    this.current = this.current === null ? sample : this.pick(this.current, sample)
  }
}
