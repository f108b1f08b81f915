import type { Torrent as WebTorrentTorrent } from 'webtorrent'
import { CriticalScheduler, type CriticalSpan, type PieceSpan } from './critical-scheduler.js'
import type { EvictionPolicy } from './memory-store.js'
import { RequestPipeline, WATCHING_GRACE_MS } from './request-pipeline.js'
import { deselectPieces, markUnverified, selectPieces } from './webtorrent-internals.js'

export interface DownloaderOptions {
  mode: 'disk' | 'memory'
  /** Bytes right at a playhead fetched first, with block re-requests from faster peers. */
  criticalBytes: number
  /** Bytes after the critical window kept coming so playback never waits. */
  readaheadBytes: number
  /** Bytes of the start and the end of a chosen file fetched at once (MP4 moov, MKV cues). */
  headTailBytes: number
  /** Memory mode only: the store's budget, which caps every window. */
  memoryBudgetBytes: number
  /**
   * Disk mode: the rest of the file waits while a reader reads (a playhead opened, jumped or read
   * into a new piece this recently), so its peers have room for a seek; a paused player, one whose
   * buffer is full, and no player at all let it run.
   */
  readingQuietMs: number
}

/** Windows and timing; the mode and the budget always come from the engine's options. */
export type DownloaderTuning = Omit<DownloaderOptions, 'mode' | 'memoryBudgetBytes'>

export const DEFAULT_DOWNLOADER_TUNING: DownloaderTuning = {
  criticalBytes: 2 * 1024 * 1024,
  readaheadBytes: 24 * 1024 * 1024,
  headTailBytes: 2 * 1024 * 1024,
  readingQuietMs: 5_000,
}

// webtorrent takes turns among selections with a non-zero priority (after filling a pipeline
// from one, it moves that one behind the others) and walks the zero ones strictly in list order.
// Only critical windows are non-zero, so a seek's pieces never share turns with readahead or the
// tail; the zero ones are kept in the order they matter: head and tail, readahead, background.
const PRIORITY = { critical: 1, headTail: 0, readahead: 0, background: 0 } as const

export interface Playhead {
  /** The reader is now at `piece`: move its windows there (new windows first, then drop the old). */
  moveTo(piece: number): void
  close(): void
}

/**
 * Piece priorities for one torrent. Every range it asks for is a webtorrent "stream selection":
 * independent, removed exactly, so moving one playhead never touches another's windows or the
 * background run.
 */
export class Downloader implements EvictionPolicy {
  private readonly playheads = new Set<PlayheadState>()
  private focus: { background: PieceSpan | null; headTail: PieceSpan[] } = { background: null, headTail: [] }
  /** The background run is deselected while a reader reads. */
  private backgroundWaiting = false
  private closed = false
  private lastPlayheadClosedAt = Number.NEGATIVE_INFINITY
  private lastReadAt = Number.NEGATIVE_INFINITY
  private readonly pipeline: RequestPipeline
  private readonly scheduler: CriticalScheduler

  constructor(
    private readonly torrent: WebTorrentTorrent,
    private readonly opts: DownloaderOptions,
  ) {
    this.pipeline = new RequestPipeline(torrent)
    this.scheduler = new CriticalScheduler(torrent, this.pipeline)
  }

  /**
   * Once a second: peers that joined or changed speed get the right pipeline depth, and the
   * background run goes on once nobody has read for a while.
   */
  tick(): void {
    if (this.closed) return
    const now = Date.now()
    const watching = this.playheads.size > 0 || now - this.lastPlayheadClosedAt < WATCHING_GRACE_MS
    this.pipeline.update(watching)
    this.letBackgroundRun(now - this.lastReadAt >= this.opts.readingQuietMs)
  }

  /** Head and tail of the chosen file now, the rest of it in the background (disk mode). */
  focusFile(file: PieceSpan): void {
    if (this.closed) return
    const previous = this.focus
    const span = this.piecesFor(this.windowBytes().headTail)
    const head = { from: file.from, to: Math.min(file.to, file.from + span - 1) }
    const tail = { from: Math.max(file.from, file.to - span + 1), to: file.to }
    const headTail = tail.from > head.to ? [head, tail] : [{ from: file.from, to: file.to }]
    const background = this.opts.mode === 'disk' ? file : null
    for (const s of headTail) this.select(s, PRIORITY.headTail)
    if (background && !this.backgroundWaiting) this.select(background, PRIORITY.background)
    this.focus = { background, headTail }
    for (const s of previous.headTail) this.deselect(s)
    if (previous.background && !this.backgroundWaiting) this.deselect(previous.background)
  }

  /** A reader starting at `piece` that will read no further than `lastPiece`. */
  openPlayhead(piece: number, lastPiece: number): Playhead {
    const state = new PlayheadState(lastPiece)
    this.playheads.add(state)
    const handle: Playhead = {
      moveTo: (next) => this.move(state, next),
      close: () => {
        if (!this.playheads.delete(state)) return
        this.dropWindows(state.windows)
        state.windows = []
        this.scheduler.setCritical(this.criticalSpans())
        this.lastPlayheadClosedAt = Date.now()
        this.tick()
      },
    }
    this.tick()
    handle.moveTo(piece)
    return handle
  }

  keepScore(index: number): number | null {
    let best = Number.POSITIVE_INFINITY
    for (const p of this.playheads) {
      if (index >= p.piece && index <= p.windowEnd) return null
      // A piece just behind a playhead is worth more than one far ahead (small rewinds).
      const distance = index >= p.piece ? index - p.windowEnd : (p.piece - index) * 2
      best = Math.min(best, distance)
    }
    return best === Number.POSITIVE_INFINITY ? index : best
  }

  onEvicted(index: number): void {
    if (this.torrent.destroyed) return
    markUnverified(this.torrent, index)
    // Tell peers (BEP 54), or after we once held every piece they take us for a seeder and
    // stop sending: pieces dropped from memory could never be fetched again.
    for (const wire of this.torrent.wires) wire.lt_donthave?.donthave(index)
    // webtorrent drops a selection once all its pieces are in; a piece evicted from a window
    // afterwards would be wanted by a reader and selected by nobody.
    for (const p of this.playheads) if (index >= p.piece && index <= p.windowEnd) this.move(p, p.piece, true)
  }

  close(): void {
    this.closed = true
    this.playheads.clear()
    this.scheduler.close()
  }

  private move(state: PlayheadState, piece: number, reselect = false): void {
    if (this.closed || !this.playheads.has(state)) return
    if (state.piece === piece && state.windows.length > 0 && !reselect) return
    const bytes = this.windowBytes()
    const criticalPieces = this.piecesFor(bytes.critical)
    const critical = { from: piece, to: Math.min(state.lastPiece, piece + criticalPieces - 1) }
    const readingOn = state.piece >= 0 && piece > state.piece && piece <= state.piece + criticalPieces
    if (!readingOn) state.duplicatesUpTo = piece + criticalPieces - 1
    const readaheadPieces = Math.floor(bytes.readahead / this.torrent.pieceLength)
    const windows: Array<{ span: PieceSpan; priority: number }> = [
      { span: critical, priority: PRIORITY.critical },
    ]
    if (readaheadPieces > 0 && critical.to < state.lastPiece) {
      const readahead = {
        from: critical.to + 1,
        to: Math.min(state.lastPiece, critical.to + readaheadPieces),
      }
      windows.push({ span: readahead, priority: PRIORITY.readahead })
    }
    const old = state.windows
    this.lastReadAt = Date.now()
    state.piece = piece
    state.windows = windows.map((w) => w.span)
    state.windowEnd = windows.at(-1)?.span.to ?? piece
    for (const w of windows) this.select(w.span, w.priority)
    this.scheduler.setCritical(this.criticalSpans())
    this.dropWindows(old)
    this.letBackgroundRun(false)
  }

  /**
   * Stops or restarts the rest of the file. A reader's seek waits behind whatever its peers have
   * queued and their rate limiters have spent, so while someone reads, only the windows ahead of
   * the readers are fetched (docs/PERFORMANCE.md, lever 27).
   */
  private letBackgroundRun(run: boolean): void {
    const background = this.focus.background
    if (run === !this.backgroundWaiting) return
    this.backgroundWaiting = !run
    if (!background) return
    if (run) this.select(background, PRIORITY.background)
    else this.deselect(background)
  }

  /**
   * Window sizes in bytes. In memory mode every playhead's windows together must fit in half
   * the budget, so pieces behind the playheads can be evicted without touching what is needed.
   */
  private windowBytes(): { critical: number; readahead: number; headTail: number } {
    const { criticalBytes, readaheadBytes, headTailBytes, memoryBudgetBytes } = this.opts
    if (this.opts.mode !== 'memory')
      return { critical: criticalBytes, readahead: readaheadBytes, headTail: headTailBytes }
    const perPlayhead = memoryBudgetBytes / 2 / Math.max(1, this.playheads.size)
    const critical = Math.min(criticalBytes, perPlayhead / 2)
    return {
      critical,
      readahead: Math.max(0, Math.min(readaheadBytes, perPlayhead - critical)),
      headTail: Math.min(headTailBytes, memoryBudgetBytes / 8),
    }
  }

  private criticalSpans(): CriticalSpan[] {
    // A playhead's first window is its critical one.
    return [...this.playheads].flatMap((p) =>
      p.windows.slice(0, 1).map((span) => ({ ...span, duplicatesUpTo: p.duplicatesUpTo })),
    )
  }

  private piecesFor(bytes: number): number {
    return Math.max(1, Math.ceil(bytes / this.torrent.pieceLength))
  }

  private select(span: PieceSpan, priority: number): void {
    if (!this.torrent.destroyed) selectPieces(this.torrent, span.from, span.to, priority)
  }

  private deselect(span: PieceSpan): void {
    if (!this.torrent.destroyed) deselectPieces(this.torrent, span.from, span.to)
  }

  private dropWindows(spans: PieceSpan[]): void {
    for (const s of spans) this.deselect(s)
  }
}

class PlayheadState {
  piece = -1
  windowEnd = -1
  /** The critical pieces of where the reader last landed (opened or jumped to). */
  duplicatesUpTo = -1
  windows: PieceSpan[] = []
  constructor(readonly lastPiece: number) {}
}
