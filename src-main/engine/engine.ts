import { EventEmitter } from 'node:events'
import { mkdir } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type WebTorrent from 'webtorrent'
import type {
  EngineEvent,
  EventChannel,
  EventPayload,
  RequestPayload,
  ResponseValues,
  TorrentSummary,
} from '../../src-shared/contract.js'
import { PeerwatchError } from '../../src-shared/errors.js'
import { removeDownload, saveMetainfo, torrentFilePath } from './download-layout.js'
import { type EngineOptions, type ResolvedEngineOptions, withDefaults } from './engine-options.js'
import { type Fault, forTorrent } from './fault-containment.js'
import { chooseFile, type FileRequest } from './file-choice.js'
import { IdleClose } from './idle-close.js'
import type { MediaAccess, MediaHooks } from './media-hooks.js'
import { OpenTorrents } from './open-torrents.js'
import { ProgressTicker } from './progress-ticker.js'
import { StreamEndpoints } from './stream-endpoints.js'
import type { StreamCatalog, StreamLookup } from './stream-source.js'
import { subtitlesFor } from './subtitle-match.js'
import { Torrent } from './torrent.js'
import { destroyClient, startClient } from './torrent-client.js'
import { resolveTorrentId } from './torrent-id.js'
import { budgetWarning, downloaderOptionsFor, storageFor } from './torrent-storage.js'

export type { EngineOptions } from './engine-options.js'
export { MOUNTED_STREAM_PREFIX } from './stream-endpoints.js'

export interface EngineEvents {
  event: [EngineEvent]
}

/**
 * The torrent worker: one webtorrent client, a Torrent session per torrent, and the range
 * server that streams their files. Commands in (methods), `wt-*` events out.
 */
export class Engine extends EventEmitter<EngineEvents> implements StreamCatalog {
  private readonly open: OpenTorrents
  private readonly endpoints: StreamEndpoints
  private readonly ticker: ProgressTicker
  private readonly idleClose: IdleClose
  private media: MediaHooks | null = null
  private closing = false

  private constructor(
    private readonly opts: ResolvedEngineOptions,
    private readonly client: WebTorrent,
  ) {
    super()
    this.open = new OpenTorrents(opts.downloadDir)
    this.endpoints = new StreamEndpoints({
      streamServer: opts.streamServer,
      streamPort: opts.streamPort,
      corsOrigins: opts.corsOrigins,
      catalog: this,
      media: (target) => this.mediaLayer().route(target),
    })
    this.ticker = new ProgressTicker(
      opts.progressIntervalMs,
      () => this.open.all(),
      (progress) => this.emitEvent('wt-progress', progress),
    )
    this.idleClose = new IdleClose(
      opts.idleSeconds,
      () => this.open.all(),
      (s) => this.closeIdle(s),
    )
    client.on('error', (err: Error) =>
      this.emitEvent('wt-error', { code: 'TORRENT_FAILED', message: err.message }),
    )
  }

  static async start(options: EngineOptions): Promise<Engine> {
    const opts = withDefaults(options)
    await mkdir(opts.downloadDir, { recursive: true })
    const { client, listening } = startClient(opts)
    const engine = new Engine(opts, client)
    try {
      await Promise.all([engine.endpoints.listen(), listening])
    } catch (err) {
      await engine.close()
      throw err
    }
    return engine
  }

  /** The TCP port other BitTorrent peers connect to (null until the client listens). */
  get peerPort(): number | null {
    return this.client.address()?.port ?? null
  }

  /** The origin of the range server, e.g. http://127.0.0.1:PORT; '' when mounted (URLs are relative). */
  get origin(): string {
    return this.endpoints.origin
  }

  /**
   * Mounted mode: answers a request whose path starts with /stream/. The path token authorizes
   * it; the mounting server has already checked the Host header.
   */
  handleStreamRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return this.endpoints.handle(req, res)
  }

  /** The stream URL of a file; the name is cosmetic (players show it, the server ignores it). */
  urlFor(infoHash: string, fileIndex: number, fileName = 'file'): string {
    return this.endpoints.fileUrl(infoHash, fileIndex, fileName)
  }

  /** Where the engine keeps a torrent's metainfo: `<downloadDir>/<infoHash>.torrent`. */
  torrentFilePath(infoHash: string): string {
    return torrentFilePath(this.opts.downloadDir, infoHash)
  }

  /** Plugs in the media layer (probe and converter); the engine itself never runs ffmpeg. */
  attachMedia(create: (access: MediaAccess) => MediaHooks): void {
    this.media = create({
      localUrl: (infoHash, fileIndex) => this.endpoints.localUrl(infoHash, fileIndex),
      resourceUrl: (infoHash, fileIndex, resource) =>
        this.endpoints.resourceUrl(infoHash, fileIndex, resource),
      streamUrl: (infoHash, fileIndex) => this.streamUrl(this.open.require(infoHash), fileIndex),
      publish: (event) => this.emitEvent(event.event, event.payload as never),
    })
  }

  async mediaInfo(payload: RequestPayload<'wt-media-info'>): Promise<ResponseValues['wt-media-info']> {
    this.open.require(payload.infoHash)
    return this.mediaLayer().info(payload)
  }

  async mediaPlan(payload: RequestPayload<'wt-media-plan'>): Promise<ResponseValues['wt-media-plan']> {
    this.open.require(payload.infoHash).touch()
    return this.mediaLayer().plan(payload)
  }

  async add(payload: RequestPayload<'wt-add'>): Promise<ResponseValues['wt-add']> {
    const input = 'torrentId' in payload ? payload.torrentId : payload.torrentFile
    const parsed = await resolveTorrentId(input)
    const requestedFile = { index: payload.fileIndex, name: payload.fileName }
    const existing = this.open.get(parsed.infoHash)
    if (existing) {
      this.chooseAgain(existing, requestedFile)
      return { infoHash: existing.infoHash }
    }
    const session = forTorrent(parsed.infoHash, () => {
      const storage = storageFor(this.opts, parsed.infoHash, () => this.open.get(parsed.infoHash))
      const wt = this.client.add(parsed, storage)
      return this.track(new Torrent(wt, parsed.infoHash, downloaderOptionsFor(this.opts)), requestedFile)
    })
    this.emitEvent('wt-infohash', {
      infoHash: session.infoHash,
      ...(parsed.name ? { name: String(parsed.name) } : {}),
    })
    return { infoHash: session.infoHash }
  }

  /**
   * A fault nothing caught (see fault-containment.ts): the torrent it happened for is closed
   * with a `wt-error`, as if it had failed on its own; one that no torrent claims is reported.
   */
  contain(fault: Fault): void {
    const message = fault.error instanceof Error ? fault.error.message : String(fault.error)
    const session = fault.infoHash ? this.open.get(fault.infoHash) : undefined
    if (!session) {
      this.emitEvent('wt-error', {
        code: 'INTERNAL',
        message: `Something went wrong inside the engine: ${message}`,
      })
      return
    }
    this.emitEvent('wt-error', {
      infoHash: session.infoHash,
      code: 'TORRENT_FAILED',
      message: `This torrent failed inside the engine and was closed: ${message}`,
    })
    void this.remove(session.infoHash).catch(() => undefined)
  }

  selectFile(infoHash: string, fileIndex: number): ResponseValues['wt-select-file'] {
    const session = this.open.require(infoHash)
    if (!session.hasMetadata)
      throw new PeerwatchError('NOT_READY', 'The torrent is still fetching its file list.')
    session.selectFile(fileIndex)
    session.touch()
    this.announceStream(session)
    return { url: this.streamUrl(session, fileIndex) }
  }

  async remove(infoHash: string, deleteData = false): Promise<ResponseValues['wt-remove']> {
    const session = this.detach(infoHash)
    if (session) await session.close(deleteData)
    if (deleteData) await removeDownload(this.opts.downloadDir, infoHash)
    return { removed: Boolean(session) }
  }

  list(): ResponseValues['wt-list'] {
    const torrents: TorrentSummary[] = this.open.all().map((s) => ({
      infoHash: s.infoHash,
      name: s.name,
      ready: s.ready,
      fileIndex: s.selectedFileIndex,
      url: s.selectedFileIndex === null ? null : this.streamUrl(s, s.selectedFileIndex),
    }))
    return { torrents }
  }

  lookup(infoHash: string, fileIndex: number): StreamLookup {
    const session = this.open.get(infoHash)
    if (!session) return { state: 'missing' }
    session.touch()
    // From metadata on, a request waits for its pieces (even while webtorrent still checks data
    // already on disk) instead of bouncing the player with a 503.
    if (!session.hasMetadata) return { state: 'pending' }
    if (fileIndex >= session.wt.files.length) return { state: 'missing' }
    return { state: 'ready', file: session.bank(fileIndex) }
  }

  /** Byte ranges of a file that are downloaded and verified (the bench picks seek targets outside them). */
  fileRanges(infoHash: string, fileIndex: number): Array<[number, number]> {
    const session = this.open.get(infoHash)
    return session?.hasMetadata ? session.bank(fileIndex).ranges() : []
  }

  /** For tests and the bench: the memory store's accounting of one torrent. */
  memoryStats(infoHash: string) {
    return this.open.get(infoHash)?.memoryStats ?? null
  }

  async close(): Promise<void> {
    if (this.closing) return
    this.closing = true
    this.ticker.stop()
    this.idleClose.stop()
    await this.media?.close()
    await this.open.closeAll()
    await this.endpoints.close()
    await destroyClient(this.client)
  }

  private mediaLayer(): MediaHooks {
    if (!this.media) throw new PeerwatchError('NO_FFMPEG', 'This engine runs without its media layer.')
    return this.media
  }

  private track(session: Torrent, requestedFile: FileRequest): Torrent {
    session.requestedFile = requestedFile
    this.open.add(session)
    const infoHash = session.infoHash
    session.once('metadata', () => this.onMetadata(session))
    session.on('done', () => this.emitEvent('wt-done', { infoHash }))
    session.on('warning', (message) =>
      this.emitEvent('wt-warning', { infoHash, code: 'TORRENT_WARNING', message }),
    )
    session.on('error', (err) => {
      this.emitEvent('wt-error', { infoHash, code: err.code, message: err.message })
      void this.remove(infoHash)
    })
    return session
  }

  private onMetadata(session: Torrent): void {
    const { infoHash } = session
    const files = session.files()
    const defaultFileIndex = session.defaultFileIndex()
    this.emitEvent('wt-metadata', {
      infoHash,
      name: session.name,
      length: session.wt.length,
      pieceLength: session.pieceLength,
      files,
      defaultFileIndex,
      magnet: session.wt.magnetURI,
    })
    const warning = budgetWarning(this.opts, session.pieceLength)
    if (warning) this.emitEvent('wt-warning', { infoHash, code: 'MEMORY_BUDGET_SMALL', message: warning })
    void this.saveTorrentFile(session)
    const chosen = chooseFile(files, defaultFileIndex, session.requestedFile)
    if (chosen instanceof PeerwatchError) {
      this.emitEvent('wt-error', { infoHash, code: chosen.code, message: chosen.message })
      return
    }
    session.selectFile(chosen)
    this.announceStream(session)
  }

  /** Kept beside the data so the library can open it again without the original link or peers. */
  private async saveTorrentFile(session: Torrent): Promise<void> {
    try {
      await saveMetainfo(this.opts.downloadDir, session.infoHash, session.wt.torrentFile)
    } catch (err) {
      const message = `Could not save the .torrent file: ${(err as Error).message}`
      this.emitEvent('wt-warning', { infoHash: session.infoHash, code: 'TORRENT_FILE_NOT_SAVED', message })
    }
  }

  /** Another add of an open torrent: the file it names is chosen as the first add's would be. */
  private chooseAgain(session: Torrent, requestedFile: FileRequest): void {
    session.touch()
    if (requestedFile.index === undefined && requestedFile.name === undefined) return
    if (!session.hasMetadata) {
      session.requestedFile = requestedFile
      return
    }
    const chosen = chooseFile(session.files(), session.defaultFileIndex(), requestedFile)
    if (chosen instanceof PeerwatchError) throw chosen
    this.selectFile(session.infoHash, chosen)
  }

  private announceStream(session: Torrent): void {
    const fileIndex = session.selectedFileIndex
    if (fileIndex === null) return
    const files = session.files()
    const video = files[fileIndex]
    const subtitles = (video ? subtitlesFor(video, files) : []).map((f) => ({
      index: f.index,
      name: f.name,
      url: this.streamUrl(session, f.index),
    }))
    this.emitEvent('wt-server-running', {
      infoHash: session.infoHash,
      fileIndex,
      url: this.streamUrl(session, fileIndex),
      subtitles,
    })
    if (video?.kind === 'video') this.media?.fileOpened(session.infoHash, fileIndex)
  }

  private closeIdle(session: Torrent): void {
    this.detach(session.infoHash)
    const idleClosed = { infoHash: session.infoHash, idleSeconds: this.opts.idleSeconds }
    void session.close().then(() => this.emitEvent('wt-idle-closed', idleClosed))
  }

  /** A torrent leaves the engine: nothing of it stays behind but its files. */
  private detach(infoHash: string): Torrent | undefined {
    const session = this.open.take(infoHash)
    if (!session) return undefined
    this.ticker.forget(infoHash)
    this.media?.torrentClosed(infoHash)
    return session
  }

  private streamUrl(session: Torrent, fileIndex: number): string {
    return this.urlFor(session.infoHash, fileIndex, session.wt.files[fileIndex]?.name)
  }

  private emitEvent<C extends EventChannel>(event: C, payload: EventPayload<C>): void {
    if (this.closing && event !== 'wt-idle-closed') return
    this.emit('event', { event, payload } as EngineEvent)
  }
}
