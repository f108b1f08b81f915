import type { Downloader, Playhead } from './downloader.js'
import type { StreamableFile } from './stream-source.js'

/** What a DataBank needs from its torrent: pieces, and word that someone is reading. */
export interface PieceSource {
  readonly pieceLength: number
  readonly pieceCount: number
  readonly lastPieceLength: number
  hasPiece(index: number): boolean
  /** Verified bytes of a piece, waiting for it if needed; resolves `null` when `signal` aborts. */
  readPiece(index: number, offset: number, length: number, signal: AbortSignal): Promise<Uint8Array | null>
  readerOpened(): void
  readerClosed(): void
}

export interface FileSpan {
  readonly name: string
  readonly path: string
  /** Byte offset of the file inside the torrent's concatenated data. */
  readonly offset: number
  readonly length: number
}

/**
 * One file of a torrent as byte ranges: what is here, and readers that each carry a playhead
 * and get bytes the moment their piece verifies. Memory stays at one piece per reader.
 */
export class DataBank implements StreamableFile {
  constructor(
    private readonly source: PieceSource,
    private readonly downloader: Downloader,
    private readonly span: FileSpan,
  ) {}

  get name(): string {
    return this.span.name
  }

  get length(): number {
    return this.span.length
  }

  get firstPiece(): number {
    return this.pieceAt(0)
  }

  get lastPiece(): number {
    return this.pieceAt(Math.max(0, this.span.length - 1))
  }

  /** Byte ranges of this file that are verified and readable now, merged, inclusive. */
  ranges(): Array<[number, number]> {
    const out: Array<[number, number]> = []
    if (this.span.length === 0) return out
    const { pieceLength } = this.source
    let runStart = -1
    for (let i = this.firstPiece; i <= this.lastPiece + 1; i++) {
      const have = i <= this.lastPiece && this.source.hasPiece(i)
      if (have && runStart < 0) runStart = i
      if (!have && runStart >= 0) {
        const start = Math.max(0, runStart * pieceLength - this.span.offset)
        const end = Math.min(this.span.length - 1, i * pieceLength - 1 - this.span.offset)
        out.push([start, end])
        runStart = -1
      }
    }
    return out
  }

  read(start: number, end: number): AsyncIterable<Uint8Array> {
    return { [Symbol.asyncIterator]: () => new FileReader(this, start, end) }
  }

  /** @internal for FileReader */
  openPlayhead(start: number, end: number): Playhead {
    this.source.readerOpened()
    return this.downloader.openPlayhead(this.pieceAt(start), this.pieceAt(end))
  }

  /** @internal for FileReader */
  closePlayhead(playhead: Playhead): void {
    playhead.close()
    this.source.readerClosed()
  }

  /** @internal for FileReader: the piece, offset and length that serve file byte `pos`. */
  locate(pos: number, end: number): { piece: number; offset: number; length: number } {
    const absolute = this.span.offset + pos
    const piece = Math.floor(absolute / this.source.pieceLength)
    const offset = absolute - piece * this.source.pieceLength
    const size = piece === this.source.pieceCount - 1 ? this.source.lastPieceLength : this.source.pieceLength
    return { piece, offset, length: Math.min(end - pos + 1, size - offset) }
  }

  /** @internal for FileReader */
  fetch(piece: number, offset: number, length: number, signal: AbortSignal): Promise<Uint8Array | null> {
    return this.source.readPiece(piece, offset, length, signal)
  }

  private pieceAt(pos: number): number {
    return Math.floor((this.span.offset + pos) / this.source.pieceLength)
  }
}

/**
 * A hand-written async iterator rather than an async generator: a generator cannot be
 * stopped while it awaits a piece, and a player that hangs up mid-wait must free its playhead.
 */
class FileReader implements AsyncIterator<Uint8Array> {
  private readonly abort = new AbortController()
  private playhead: Playhead | null = null
  private pos: number

  constructor(
    private readonly bank: DataBank,
    start: number,
    private readonly end: number,
  ) {
    this.pos = start
  }

  async next(): Promise<IteratorResult<Uint8Array>> {
    if (this.abort.signal.aborted || this.pos > this.end) return this.finish()
    this.playhead ??= this.bank.openPlayhead(this.pos, this.end)
    const { piece, offset, length } = this.bank.locate(this.pos, this.end)
    this.playhead.moveTo(piece)
    const chunk = await this.bank.fetch(piece, offset, length, this.abort.signal).catch((err: unknown) => {
      this.finish()
      throw err
    })
    if (chunk === null) return this.finish()
    this.pos += chunk.length
    return { done: false, value: chunk }
  }

  async return(): Promise<IteratorResult<Uint8Array>> {
    return this.finish()
  }

  private finish(): IteratorResult<Uint8Array> {
    this.abort.abort()
    if (this.playhead) {
      this.bank.closePlayhead(this.playhead)
      this.playhead = null
    }
    return { done: true, value: undefined }
  }
}
