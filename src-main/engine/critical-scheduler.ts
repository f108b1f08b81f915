import type { Torrent as WebTorrentTorrent, Wire } from 'webtorrent'
import type { RequestPipeline } from './request-pipeline.js'
import { waterLevel } from './water-level.js'
import {
  clearCritical,
  decideHotswaps,
  gateBlockRequests,
  isCritical,
  type OutstandingRequest,
  outstandingRequests,
  releaseBlock,
  unrequestedBlocks,
  wakeRequests,
} from './webtorrent-internals.js'

export interface PieceSpan {
  from: number
  to: number
}

/**
 * A playhead's critical pieces. End-game duplicates pay only where the reader has just landed
 * (a start or a seek: nothing there yet, the player waits on the round trips): up to
 * `duplicatesUpTo`. A reader that reads on meets pieces the readahead began long before, and
 * duplicating their last blocks cost a sixth of the swarm's rate (the originals arrive too);
 * there only the blocks of a peer gone silent are asked again (SILENT_PEER_SECONDS).
 */
export interface CriticalSpan extends PieceSpan {
  duplicatesUpTo: number
}

const BLOCK_LENGTH = 16 * 1024
/** A block is asked again of a faster peer only when that saves at least this share and this much. */
const DUPLICATE_GAIN = 1.5
const DUPLICATE_MIN_SAVING_SECONDS = 0.02
/**
 * Past the landing, a critical block is asked again only of a peer this long overdue. Rate
 * limiters pause as a matter of course (libtorrent until its next 500 ms tick, aria2 about a
 * second between bursts), and duplicating through those pauses costs throughput; aria2 also
 * pays back a fast start with four to six seconds of silence, 25 requests queued, and the
 * reader, two seconds of film ahead, stalled on it at every start.
 */
const SILENT_PEER_SECONDS = 1
/** How far ahead of a playhead (in pieces) a block must arrive before the reader gets there. */
const DEADLINE_HORIZON_PIECES = 64
/** How often a peer holding critical blocks is checked for having gone silent. */
const SILENCE_CHECK_MS = 100

/**
 * Who fetches the blocks of the pieces at a playhead (webtorrent's critical pieces).
 *
 * webtorrent hands them to whichever peer has a free request slot, so across the internet a
 * peer 400 ms away at 200 kB/s takes blocks that arrive long after the near peers could have
 * sent the whole window, and the seek waits for them; it duplicates a block only when the
 * holder is below 48 KiB/s. Here:
 * - a peer takes a critical block only if it would arrive before the window could be complete
 *   without it: the time at which the peers holding the piece, each from when it could start
 *   (its round trip, or its queue if longer) at its own rate, would together have fetched every
 *   block nobody has been asked for yet (water-filling). A slow or far peer then fetches
 *   readahead instead; the nearest peer is always allowed;
 * - once every block of a critical piece is out, a peer with room asks again for the block due
 *   last from a slower one, if it would have it clearly sooner (end game, one duplicate a block),
 *   where the reader has just landed (CriticalSpan);
 * - when a piece verifies, the requests still out for it are cancelled, so duplicates stop
 *   using the slower peers' upload and their pipelines' slots;
 * - while a peer holding critical blocks is overdue, webtorrent is woken to go over its peers,
 *   so the ones with room take those blocks over even if nothing arrives from anyone.
 */
export class CriticalScheduler {
  private readonly duplicated = new WeakSet<OutstandingRequest>()
  /**
   * Requests of a silent peer asked again of another. They stay out when their piece verifies:
   * cancelled, they would leave the peer's queue empty when its limiter lets it send again, and
   * its measured rate, and with it the pipeline, would fall with every pause (aria2 sent a third
   * of its blocks, and the swarm's throughput dropped a tenth).
   */
  private readonly keptOut = new WeakSet<OutstandingRequest>()
  private spans: CriticalSpan[] = []
  private silenceCheck: NodeJS.Timeout | null = null

  constructor(
    private readonly torrent: WebTorrentTorrent,
    private readonly pipeline: RequestPipeline,
  ) {
    gateBlockRequests(torrent, (wire, index) =>
      isCritical(torrent, index) ? this.worthAsking(wire, index) : this.inTime(wire, index),
    )
    decideHotswaps(torrent, (wire, index, original) =>
      isCritical(torrent, index) ? this.duplicate(wire, index) : original(),
    )
    torrent.on('verified', (index: number) => this.cancelLeftovers(index))
  }

  /** The pieces at the playheads now; the ones of an earlier position are no longer critical. */
  setCritical(spans: CriticalSpan[]): void {
    const within = (i: number): boolean => spans.some((s) => i >= s.from && i <= s.to)
    for (const old of this.spans)
      for (let i = old.from; i <= old.to; i++) if (!within(i)) clearCritical(this.torrent, i)
    this.spans = spans.map((s) => ({ ...s }))
    for (const s of spans) this.torrent.critical(s.from, s.to)
    if (spans.length === 0) this.stopSilenceCheck()
    else this.silenceCheck ??= setInterval(() => this.wakeIfSilent(), SILENCE_CHECK_MS).unref()
  }

  close(): void {
    this.spans = []
    this.stopSilenceCheck()
  }

  private stopSilenceCheck(): void {
    if (this.silenceCheck) clearInterval(this.silenceCheck)
    this.silenceCheck = null
  }

  private wakeIfSilent(): void {
    if (this.torrent.destroyed) {
      this.stopSilenceCheck()
      return
    }
    const holdsCritical = (wire: Wire): boolean =>
      outstandingRequests(wire).some((r) => isCritical(this.torrent, r.piece))
    const silent = this.torrent.wires.some(
      (w) => !w.destroyed && this.pipeline.overdueSeconds(w) > 0 && holdsCritical(w),
    )
    if (silent) wakeRequests(this.torrent)
  }

  private worthAsking(wire: Wire, index: number): boolean {
    // The reader needs the pieces in order: a block of this piece competes with the ones before it.
    let bytes = 0
    for (const span of this.spans)
      for (let i = span.from; i <= Math.min(span.to, index); i++)
        bytes += unrequestedBlocks(this.torrent, i) * BLOCK_LENGTH
    if (bytes === 0) return true
    const holders = this.torrent.wires
      .filter((w) => !w.destroyed && !w.peerChoking && w.peerPieces.get(index))
      .map((w) => ({ eta: this.pipeline.etaSeconds(w), rate: this.pipeline.rateOf(w) }))
      .sort((a, b) => a.eta - b.eta)
    const mine = this.pipeline.etaSeconds(wire)
    return mine <= waterLevel(holders, bytes)
  }

  /**
   * A piece just ahead of a playhead is needed as soon as the reader gets there, which is no
   * sooner than the torrent can download the pieces before it. A peer whose block would arrive
   * later fetches one further ahead instead: otherwise the piece turns critical with that block
   * still out, and a faster peer fetches it again (a tenth of the swarm's rate was duplicates).
   */
  private inTime(wire: Wire, index: number): boolean {
    let playhead = -1
    for (const span of this.spans) if (span.from <= index && span.from > playhead) playhead = span.from
    if (playhead < 0 || index - playhead > DEADLINE_HORIZON_PIECES) return true
    const rate = this.torrent.downloadSpeed
    if (rate <= 0) return true
    const secondsUntilNeeded = ((index - playhead) * this.torrent.pieceLength) / rate
    return this.pipeline.etaSeconds(wire) <= secondsUntilNeeded
  }

  private duplicate(wire: Wire, index: number): boolean {
    const span = this.spans.find((s) => index >= s.from && index <= s.to)
    if (!span) return false
    const landing = index <= span.duplicatesUpTo
    const mine = this.pipeline.etaSeconds(wire)
    let victim: { request: OutstandingRequest; remaining: number } | null = null
    for (const other of this.torrent.wires) {
      if (other === wire || other.destroyed) continue
      if (!landing && this.pipeline.overdueSeconds(other) < SILENT_PEER_SECONDS) continue
      for (const request of outstandingRequests(other)) {
        if (request.piece !== index || this.duplicated.has(request)) continue
        const remaining = this.pipeline.remainingSeconds(other, request)
        if (victim === null || remaining > victim.remaining) victim = { request, remaining }
      }
    }
    if (!victim) return false
    if (victim.remaining < mine * DUPLICATE_GAIN || victim.remaining - mine < DUPLICATE_MIN_SAVING_SECONDS)
      return false
    this.duplicated.add(victim.request)
    if (!landing) this.keptOut.add(victim.request)
    releaseBlock(this.torrent, index, victim.request.offset)
    return true
  }

  private cancelLeftovers(index: number): void {
    for (const wire of this.torrent.wires) {
      for (const request of outstandingRequests(wire).filter(
        (r) => r.piece === index && !this.keptOut.has(r),
      ))
        wire.cancel(request.piece, request.offset, request.length)
    }
  }
}
