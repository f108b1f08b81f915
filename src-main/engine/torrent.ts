import { EventEmitter } from 'node:events'
import parseTorrent, { type ParsedTorrent } from 'parse-torrent'
import type { Torrent as WebTorrentTorrent } from 'webtorrent'
import type { EventPayload, TorrentFileInfo } from '../../src-shared/contract.js'
import { PeerwatchError } from '../../src-shared/errors.js'
import { CorruptPeerGuard } from './corrupt-peer-guard.js'
import { DataBank, type PieceSource } from './databank.js'
import { Downloader, type DownloaderOptions } from './downloader.js'
import { defaultFileIndex, fileKind } from './media-kinds.js'
import type { MemoryStoreStats } from './memory-store.js'
import { pathExists } from './path-exists.js'
import { plaintextFirst } from './plaintext-first.js'
import { promptAcks } from './prompt-acks.js'
import { sanitizeTorrentPaths } from './torrent-paths.js'
import { checkTorrentShape } from './torrent-shape.js'
import { interceptMetadata, setStartupBitfield } from './webtorrent-internals.js'

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
  /** Bans peers caught sending corrupt blocks. */
  readonly corruptPeers: CorruptPeerGuard
  selectedFileIndex: number | null = null
  memoryStats: MemoryStoreStats | null = null
  private readonly banks = new Map<number, DataBank>()
  /** Readers waiting for a piece; woken with its bytes when they land, or with none. */
  private readonly pieceWaiters = new Map<number, Set<(landed?: Uint8Array) => void>>()
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
    this.corruptPeers = new CorruptPeerGuard(wt)
    promptAcks(wt)
    plaintextFirst(wt)
    wt.on('verified', (index: number) => this.wakeWaiters(index))
    wt.once('metadata', () => {
      this.hookStorePut()
      this.emit('metadata')
    })
    wt.on('done', () => this.emit('done'))
    wt.on('warning', (err: Error) => this.emit('warning', err.message))
    wt.on('error', (err: Error) => this.fail(err))
    this.hookMetadata(downloaderOptions.mode)
  }

  /**
   * Two things webtorrent's metadata handler (intercepted, never replaced) must see first:
   * - a magnet's file list comes from peers: its paths are made safe before webtorrent lays out
   *   files on disk;
   * - when nothing is stored yet (memory mode, or no folder for this torrent), an all-zero
   *   startup bitfield, so webtorrent does not ask the store for every piece before it is ready
   *   (a 2 GiB film in 256 KiB pieces: 8,192 reads of files that do not exist, ahead of the
   *   first byte).
   */
  private hookMetadata(mode: DownloaderOptions['mode']): void {
    const wt = this.wt
    interceptMetadata(wt, async (metadata, onMetadata) => {
      if (wt.metadata || wt.destroyed) return onMetadata(metadata)
      let parsed: ParsedTorrent
      try {
        parsed = isParsed(metadata) ? metadata : await parseTorrent(metadata as Uint8Array)
        sanitizeTorrentPaths(parsed)
        checkTorrentShape(parsed)
      } catch (err) {
        if (err instanceof PeerwatchError) return this.fail(err)
        return onMetadata(metadata)
      }
      const startsEmpty = mode === 'memory' || !(await pathExists(wt.path))
      if (startsEmpty && Array.isArray(parsed.pieces))
        setStartupBitfield(wt, new Uint8Array(Math.ceil(parsed.pieces.length / 8)))
      return onMetadata(parsed)
    })
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
      const landed = this.hasPiece(index) || (await this.waitForPiece(index, signal))
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
    this.wakeAllWaiters()
    if (this.wt.destroyed) return Promise.resolve()
    return new Promise((resolve) => this.wt.destroy({ destroyStore: deleteData }, () => resolve()))
  }

  private fail(err: Error): void {
    const error = err instanceof PeerwatchError ? err : describeFailure(err)
    this.closedError = error
    this.wakeAllWaiters()
    this.emit('error', error)
  }

  /** `false` when aborted; the piece's bytes when they landed while waiting; else `true`. */
  private waitForPiece(index: number, signal: AbortSignal): Promise<Uint8Array | boolean> {
    if (signal.aborted) return Promise.resolve(false)
    return new Promise((resolve) => {
      const waiters = this.pieceWaiters.get(index) ?? new Set()
      this.pieceWaiters.set(index, waiters)
      const done = (): void => {
        waiters.delete(wake)
        if (waiters.size === 0) this.pieceWaiters.delete(index)
        signal.removeEventListener('abort', onAbort)
      }
      const wake = (landed?: Uint8Array): void => {
        done()
        resolve(landed ?? true)
      }
      const onAbort = (): void => {
        done()
        resolve(false)
      }
      waiters.add(wake)
      signal.addEventListener('abort', onAbort, { once: true })
    })
  }

  /**
   * webtorrent puts a piece into its store only once its hash matched, and marks it verified
   * when the store says it is written. A reader waiting for it takes the bytes from the put
   * itself: on disk that saves a write and a read (on the threadpool, behind the background
   * download's) between the last block and the player.
   */
  private hookStorePut(): void {
    const store = this.wt.store
    if (!store) return
    const put = store.put.bind(store)
    store.put = (index, buf, cb) => {
      this.wakeWaiters(index, buf)
      put(index, buf, cb)
    }
  }

  private wakeWaiters(index: number, landed?: Uint8Array): void {
    const waiters = this.pieceWaiters.get(index)
    if (waiters) for (const wake of [...waiters]) wake(landed)
  }

  private wakeAllWaiters(): void {
    for (const index of [...this.pieceWaiters.keys()]) this.wakeWaiters(index)
  }

  private storeGet(index: number, offset: number, length: number): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      this.wt.store.get(index, { offset, length }, (err, buf) =>
        err || !buf ? reject(err ?? new Error('empty read')) : resolve(buf),
      )
    })
  }
}

function isParsed(metadata: unknown): metadata is ParsedTorrent {
  return typeof metadata === 'object' && metadata !== null && 'infoHash' in metadata
}

/** What a person can do about a failure webtorrent reports in its own words. */
function describeFailure(err: Error): PeerwatchError {
  const code = (err as NodeJS.ErrnoException).code ?? /\b(E[A-Z]+)\b/.exec(err.message)?.[1]
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new PeerwatchError(
      'STORAGE_FAILED',
      'The disk is full: free some space, then open the film again.',
    )
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new PeerwatchError(
      'STORAGE_FAILED',
      'Peerwatch may not write to the download folder: choose another one in Settings.',
    )
  }
  return new PeerwatchError('TORRENT_FAILED', `The torrent stopped: ${err.message}`)
}
