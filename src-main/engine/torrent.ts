import { EventEmitter } from 'node:events'
import type { Torrent as WebTorrentTorrent } from 'webtorrent'
import type { EventPayload, TorrentFileInfo } from '../../src-shared/contract.js'
import { PeerwatchError } from '../../src-shared/errors.js'
import { DataBank, type PieceSource } from './databank.js'
import { Downloader, type DownloaderOptions } from './downloader.js'
import { describeFailure } from './failure-messages.js'
import type { FileRequest } from './file-choice.js'
import { defaultFileIndex, fileKind } from './media-kinds.js'
import type { MemoryStoreStats } from './memory-store.js'
import { PieceWaiters } from './piece-waiters.js'
import { checkMetadataFirst, guardPeers, onStorePut } from './torrent-hooks.js'

export interface TorrentEvents {
  metadata: []
  done: []
  warning: [message: string]
  error: [error: PeerwatchError]
}

/**
 * One torrent session on the shared webtorrent client: its files, the file being watched,
 * the readers on it, and how long since anyone asked for a byte.
 */
export class Torrent extends EventEmitter<TorrentEvents> implements PieceSource {
  readonly infoHash: string
  readonly downloader: Downloader
  /** The file the person asked for, chosen when the metadata arrives. */
  requestedFile: FileRequest = {}
  selectedFileIndex: number | null = null
  memoryStats: MemoryStoreStats | null = null
  private readonly banks = new Map<number, DataBank>()
  private readonly waiters = new PieceWaiters()
  private openReaders = 0
  private lastActivity = Date.now()
  private closedError: PeerwatchError | null = null

  /** `infoHash` comes from the parsed link: webtorrent only sets its own asynchronously. */
  constructor(
    readonly wt: WebTorrentTorrent,
    infoHash: string,
    downloaderOptions: DownloaderOptions,
  ) {
    super()
    this.infoHash = infoHash
    this.downloader = new Downloader(wt, downloaderOptions)
    guardPeers(wt)
    wt.on('verified', (index: number) => this.waiters.wake(index))
    wt.once('metadata', () => {
      onStorePut(wt, (index, bytes) => this.waiters.wake(index, bytes))
      this.emit('metadata')
    })
    wt.on('done', () => this.emit('done'))
    wt.on('warning', (err: Error) => this.emit('warning', err.message))
    wt.on('error', (err: Error) => this.fail(err))
    checkMetadataFirst(wt, downloaderOptions.mode, (err) => this.fail(err))
  }

  get ready(): boolean {
    return this.wt.ready && !this.wt.destroyed
  }

  get hasMetadata(): boolean {
    return Array.isArray(this.wt.files) && this.wt.files.length > 0 && this.wt.pieceLength > 0
  }

  get name(): string {
    return this.wt.name ?? this.infoHash
  }

  get pieceLength(): number {
    return this.wt.pieceLength
  }

  get pieceCount(): number {
    return this.wt.pieces.length
  }

  get lastPieceLength(): number {
    return this.wt.lastPieceLength
  }

  files(): TorrentFileInfo[] {
    return this.wt.files.map((f, index) => ({
      index,
      path: f.path,
      name: f.name,
      length: f.length,
      kind: fileKind(f.name),
    }))
  }

  defaultFileIndex(): number | null {
    return defaultFileIndex(this.files())
  }

  /** Makes `index` the file being watched: its head and tail now, the rest in the background. */
  selectFile(index: number): DataBank {
    const bank = this.bank(index)
    if (this.selectedFileIndex !== index) {
      this.selectedFileIndex = index
      this.downloader.focusFile({ from: bank.firstPiece, to: bank.lastPiece })
    }
    return bank
  }

  bank(index: number): DataBank {
    const existing = this.banks.get(index)
    if (existing) return existing
    const file = this.wt.files[index]
    if (!file) throw new PeerwatchError('NO_SUCH_FILE', `This torrent has no file number ${index}.`)
    const bank = new DataBank(this, this.downloader, file)
    this.banks.set(index, bank)
    return bank
  }

  hasPiece(index: number): boolean {
    return !this.wt.destroyed && this.wt.bitfield.get(index)
  }

  async readPiece(
    index: number,
    offset: number,
    length: number,
    signal: AbortSignal,
  ): Promise<Uint8Array | null> {
    for (;;) {
      if (this.closedError) throw this.closedError
      const landed = this.hasPiece(index) || (await this.waiters.wait(index, signal))
      if (landed === false || signal.aborted) return null
      if (landed !== true) {
        this.touch()
        return landed.subarray(offset, offset + length)
      }
      const bytes = await this.storeGet(index, offset, length).catch((err: unknown) => {
        // Memory mode may have evicted the piece between verify and read: wait for it again.
        if (this.hasPiece(index))
          throw new PeerwatchError('STORAGE_FAILED', `Could not read downloaded data: ${String(err)}`)
        return null
      })
      if (bytes) {
        this.touch()
        return bytes
      }
    }
  }

  readerOpened(): void {
    this.openReaders += 1
    this.touch()
  }

  readerClosed(): void {
    this.openReaders -= 1
    this.touch()
  }

  touch(): void {
    this.lastActivity = Date.now()
  }

  /** Idle means: no open stream, and no request for `idleMs`. */
  isIdle(now: number, idleMs: number): boolean {
    return this.openReaders === 0 && now - this.lastActivity >= idleMs
  }

  progress(): EventPayload<'wt-progress'> {
    const files = this.hasMetadata
      ? [...this.banks.entries()].map(([index, bank]) => ({ index, ranges: bank.ranges() }))
      : []
    // The torrent's own speed averages over seconds and outlives the peers it came from (the
    // player showed 24 MB/s from no peers): the peers connected now say what comes in.
    const live = this.wt.wires.filter((w) => !w.destroyed)
    const speeds = live.map((w) => w.downloadSpeed())
    return {
      infoHash: this.infoHash,
      downloadSpeed: Math.round(speeds.reduce((sum, speed) => sum + speed, 0)),
      uploadSpeed: Math.round(this.wt.uploadSpeed),
      peers: live.length,
      sendingPeers: speeds.filter((speed) => speed > 0).length,
      downloaded: this.wt.downloaded,
      length: this.wt.length ?? 0,
      progress: Math.min(1, Math.max(0, this.wt.progress || 0)),
      memoryStoreBytes: this.memoryStats ? this.memoryStats.bytes : null,
      files,
    }
  }

  /** Stops the session; keeps downloaded data unless `deleteData`. */
  close(deleteData = false): Promise<void> {
    this.closedError ??= new PeerwatchError('NO_SUCH_TORRENT', 'This torrent was closed.')
    this.downloader.close()
    this.waiters.wakeAll()
    if (this.wt.destroyed) return Promise.resolve()
    return new Promise((resolve) => this.wt.destroy({ destroyStore: deleteData }, () => resolve()))
  }

  private fail(err: Error): void {
    const error = describeFailure(err)
    this.closedError = error
    this.waiters.wakeAll()
    this.emit('error', error)
  }

  private storeGet(index: number, offset: number, length: number): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      this.wt.store.get(index, { offset, length }, (err, buf) =>
        err || !buf ? reject(err ?? new Error('empty read')) : resolve(buf),
      )
    })
  }
}
