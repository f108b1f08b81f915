import { randomBytes } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join } from 'node:path'
import WebTorrent, { type AddOptions, type Torrent as WebTorrentTorrent } from 'webtorrent'
import type {
  EngineEvent,
  EventChannel,
  EventPayload,
  RequestPayload,
  ResponseValues,
  TorrentSummary,
} from '../../src-shared/contract.js'
import { PeerwatchError } from '../../src-shared/errors.js'
import { formatBytes } from '../../src-shared/human-format.js'
import { ACTIVE_MARK_REFRESH_MS, ActiveMarks } from './active-marks.js'
import { DEFAULT_DOWNLOADER_OPTIONS, type DownloaderOptions } from './downloader.js'
import { type EngineOptions, type ResolvedEngineOptions, withDefaults } from './engine-options.js'
import { type Fault, forTorrent } from './fault-containment.js'
import { chooseFile, type FileRequest } from './file-choice.js'
import type { MediaAccess, MediaHooks } from './media-hooks.js'
import { type BoundedMemoryStore, boundedMemoryStore } from './memory-store.js'
import { markOwned } from './owned-mark.js'
import { createRangeServer, type RangeServerOptions, serveRangeRequest } from './range-server.js'
import type { StreamCatalog, StreamLookup } from './stream-source.js'
import { subtitlesFor } from './subtitle-match.js'
import { Torrent } from './torrent.js'
import { resolveTorrentId } from './torrent-id.js'

export type { EngineOptions } from './engine-options.js'

/** Where a mounted engine's stream URLs live on the server that mounts it. */
export const MOUNTED_STREAM_PREFIX = '/stream'

export interface EngineEvents {
  event: [EngineEvent]
}

/**
 * The torrent worker: one webtorrent client, a Torrent session per torrent, and the range
 * server that streams their files. Commands in (methods), `wt-*` events out.
 */
export class Engine extends EventEmitter<EngineEvents> implements StreamCatalog {
  private readonly sessions = new Map<string, Torrent>()
  private readonly timers: NodeJS.Timeout[] = []
  private readonly lastProgress = new Map<string, string>()
  private server: Awaited<ReturnType<typeof createRangeServer>> | null = null
  /** Loopback server for local readers (ffmpeg) when the public streams are mounted elsewhere. */
  private localServer: Awaited<ReturnType<typeof createRangeServer>> | null = null
  private media: MediaHooks | null = null
  private closing = false
  private readonly activeMarks: ActiveMarks

  private constructor(
    private readonly opts: ResolvedEngineOptions,
    private readonly client: WebTorrent,
    private readonly token: string,
  ) {
    super()
    this.activeMarks = new ActiveMarks(opts.downloadDir)
  }

  static async start(options: EngineOptions): Promise<Engine> {
    const opts = withDefaults(options)
    await mkdir(opts.downloadDir, { recursive: true })
    const discovery = opts.discovery
    const client = new WebTorrent({
      dht: discovery,
      lsd: discovery,
      natUpnp: discovery,
      natPmp: discovery,
      utp: false,
      ...(opts.torrentPort === undefined ? {} : { torrentPort: opts.torrentPort }),
    })
    const engine = new Engine(opts, client, randomBytes(24).toString('base64url'))
    const listening = new Promise<void>((resolve, reject) => {
      client.once('listening', () => resolve())
      client.once('error', (err: Error) =>
        reject(new PeerwatchError('TORRENT_FAILED', `Could not open the BitTorrent port: ${err.message}`)),
      )
    })
    try {
      await Promise.all([engine.listen(), listening])
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
    if (this.mounted) return ''
    if (!this.server) throw new PeerwatchError('NOT_READY', 'The stream server is not running.')
    return this.server.origin
  }

  /**
   * Mounted mode: answers a request whose path starts with /stream/. The path token authorizes
   * it; the mounting server has already checked the Host header.
   */
  async handleStreamRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.mounted)
      throw new Error('handleStreamRequest needs an engine started with streamServer: mounted')
    await serveRangeRequest(req, res, this.rangeOptions('checked-by-caller'))
  }

  /** Plugs in the media layer (probe and converter); the engine itself never runs ffmpeg. */
  attachMedia(create: (access: MediaAccess) => MediaHooks): void {
    const local = (): string => (this.localServer ?? this.server)?.origin ?? ''
    this.media = create({
      localUrl: (infoHash, fileIndex) => `${local()}${this.filePath(infoHash, fileIndex)}/file`,
      resourceUrl: (infoHash, fileIndex, resource) =>
        `${this.origin}${this.publicPrefix}${this.filePath(infoHash, fileIndex)}/media/${resource}`,
      streamUrl: (infoHash, fileIndex) => {
        const session = this.session(infoHash)
        return this.streamUrl(session, fileIndex)
      },
      publish: (event) => this.emitEvent(event.event, event.payload as never),
    })
  }

  async mediaInfo(payload: RequestPayload<'wt-media-info'>): Promise<ResponseValues['wt-media-info']> {
    this.session(payload.infoHash)
    return this.mediaLayer().info(payload)
  }

  async mediaPlan(payload: RequestPayload<'wt-media-plan'>): Promise<ResponseValues['wt-media-plan']> {
    this.session(payload.infoHash).touch()
    return this.mediaLayer().plan(payload)
  }

  private mediaLayer(): MediaHooks {
    if (!this.media) throw new PeerwatchError('NO_FFMPEG', 'This engine runs without its media layer.')
    return this.media
  }

  async add(payload: RequestPayload<'wt-add'>): Promise<ResponseValues['wt-add']> {
    const input = 'torrentId' in payload ? payload.torrentId : payload.torrentFile
    const parsed = await resolveTorrentId(input)
    const existing = this.sessions.get(parsed.infoHash)
    if (existing) {
      this.touchExisting(existing, payload.fileIndex)
      return { infoHash: existing.infoHash }
    }
    const session = forTorrent(parsed.infoHash, () => {
      const wt = this.client.add(parsed, this.addOptions(parsed.infoHash))
      return this.track(wt, parsed.infoHash, { index: payload.fileIndex, name: payload.fileName })
    })
    this.syncActiveMarks()
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
    const session = fault.infoHash ? this.sessions.get(fault.infoHash) : undefined
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
    const session = this.session(infoHash)
    if (!session.hasMetadata)
      throw new PeerwatchError('NOT_READY', 'The torrent is still fetching its file list.')
    session.selectFile(fileIndex)
    session.touch()
    this.announceStream(session)
    return { url: this.streamUrl(session, fileIndex) }
  }

  async remove(infoHash: string, deleteData = false): Promise<ResponseValues['wt-remove']> {
    const session = this.sessions.get(infoHash)
    if (session) {
      this.sessions.delete(infoHash)
      this.syncActiveMarks()
      this.media?.torrentClosed(infoHash)
      await session.close(deleteData)
    }
    if (deleteData) {
      await rm(this.torrentDir(infoHash), { recursive: true, force: true })
      await rm(this.torrentFilePath(infoHash), { force: true })
    }
    return { removed: Boolean(session) }
  }

  list(): ResponseValues['wt-list'] {
    const torrents: TorrentSummary[] = [...this.sessions.values()].map((s) => ({
      infoHash: s.infoHash,
      name: s.name,
      ready: s.ready,
      fileIndex: s.selectedFileIndex,
      url: s.selectedFileIndex === null ? null : this.streamUrl(s, s.selectedFileIndex),
    }))
    return { torrents }
  }

  lookup(infoHash: string, fileIndex: number): StreamLookup {
    const session = this.sessions.get(infoHash)
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
    const session = this.sessions.get(infoHash)
    return session?.hasMetadata ? session.bank(fileIndex).ranges() : []
  }

  /** For tests and the bench: the memory store's accounting of one torrent. */
  memoryStats(infoHash: string) {
    return this.sessions.get(infoHash)?.memoryStats ?? null
  }

  async close(): Promise<void> {
    if (this.closing) return
    this.closing = true
    for (const t of this.timers) clearInterval(t)
    await this.media?.close()
    await Promise.all([...this.sessions.values()].map((s) => s.close()))
    this.sessions.clear()
    await this.activeMarks.sync([])
    await this.server?.close()
    await this.localServer?.close()
    await new Promise<void>((resolve) => this.client.destroy(() => resolve()))
  }

  private get mounted(): boolean {
    return this.opts.streamServer === 'mounted'
  }

  private rangeOptions(allowedHosts: RangeServerOptions['allowedHosts']): RangeServerOptions {
    return {
      token: this.token,
      catalog: this,
      allowedHosts,
      corsOrigins: this.opts.corsOrigins,
      media: (target) => this.mediaLayer().route(target),
      ...(this.mounted ? { pathPrefix: MOUNTED_STREAM_PREFIX } : {}),
    }
  }

  private async listen(): Promise<void> {
    if (!this.mounted) {
      const hosts = (): string[] =>
        this.server ? [`127.0.0.1:${this.server.port}`, `localhost:${this.server.port}`] : []
      this.server = await createRangeServer({ ...this.rangeOptions(hosts), port: this.opts.streamPort ?? 0 })
    } else {
      const hosts = (): string[] => (this.localServer ? [`127.0.0.1:${this.localServer.port}`] : [])
      const { pathPrefix: _mounted, ...local } = this.rangeOptions(hosts)
      this.localServer = await createRangeServer(local)
    }
    this.client.on('error', (err: Error) =>
      this.emitEvent('wt-error', { code: 'TORRENT_FAILED', message: err.message }),
    )
    const idleCheckMs = Math.min(5000, Math.max(200, (this.opts.idleSeconds * 1000) / 4))
    this.timers.push(setInterval(() => this.closeIdle(), idleCheckMs).unref())
    this.timers.push(setInterval(() => this.heartbeat(), this.opts.progressIntervalMs).unref())
    this.timers.push(setInterval(() => this.syncActiveMarks(), ACTIVE_MARK_REFRESH_MS).unref())
  }

  private syncActiveMarks(): void {
    if (!this.closing) void this.activeMarks.sync(this.sessions.keys())
  }

  private addOptions(infoHash: string): AddOptions {
    const base: AddOptions = { path: this.torrentDir(infoHash), deselect: true, destroyStoreOnDestroy: false }
    if (this.opts.store !== 'memory') return base
    // webtorrent builds the store before the session exists: look the session up when needed.
    const session = (): Torrent | undefined => this.sessions.get(infoHash)
    const policy = {
      // Not `?? index`: null is the downloader's "must keep", and must reach the store as null.
      keepScore: (index: number) => {
        const s = session()
        return s ? s.downloader.keepScore(index) : index
      },
      onEvicted: (index: number) => session()?.downloader.onEvicted(index),
    }
    const attachStats = (store: BoundedMemoryStore): void => {
      const s = session()
      if (s) s.memoryStats = store.stats
    }
    return {
      ...base,
      storeCacheSlots: 0,
      store: boundedMemoryStore(this.opts.memoryBudgetBytes, policy, attachStats),
    }
  }

  private track(wt: WebTorrentTorrent, infoHash: string, requestedFile: FileRequest): Torrent {
    const session = new Torrent(wt, infoHash, this.downloaderOptions())
    this.sessions.set(session.infoHash, session)
    session.once('metadata', () => this.onMetadata(session, requestedFile))
    session.on('done', () => this.emitEvent('wt-done', { infoHash: session.infoHash }))
    session.on('warning', (message) =>
      this.emitEvent('wt-warning', { infoHash: session.infoHash, code: 'TORRENT_WARNING', message }),
    )
    session.on('error', (err) => {
      this.emitEvent('wt-error', { infoHash: session.infoHash, code: err.code, message: err.message })
      void this.remove(session.infoHash)
    })
    return session
  }

  private onMetadata(session: Torrent, requestedFile: FileRequest): void {
    const files = session.files()
    const defaultFileIndex = session.defaultFileIndex()
    this.emitEvent('wt-metadata', {
      infoHash: session.infoHash,
      name: session.name,
      length: session.wt.length,
      pieceLength: session.pieceLength,
      files,
      defaultFileIndex,
      magnet: session.wt.magnetURI,
    })
    this.warnIfBudgetTooSmall(session)
    void this.saveTorrentFile(session)
    const chosen = chooseFile(files, defaultFileIndex, requestedFile)
    if (chosen instanceof PeerwatchError) {
      this.emitEvent('wt-error', { infoHash: session.infoHash, code: chosen.code, message: chosen.message })
      return
    }
    session.selectFile(chosen)
    this.announceStream(session)
  }

  /** Kept beside the data so the library can open it again without the original link or peers. */
  private async saveTorrentFile(session: Torrent): Promise<void> {
    try {
      await markOwned(this.opts.downloadDir, session.infoHash)
      await writeFileAtomic(this.torrentFilePath(session.infoHash), session.wt.torrentFile)
    } catch (err) {
      const message = `Could not save the .torrent file: ${(err as Error).message}`
      this.emitEvent('wt-warning', { infoHash: session.infoHash, code: 'TORRENT_FILE_NOT_SAVED', message })
    }
  }

  /** Where the engine keeps a torrent's metainfo: `<downloadDir>/<infoHash>.torrent`. */
  torrentFilePath(infoHash: string): string {
    return join(this.opts.downloadDir, `${infoHash}.torrent`)
  }

  private warnIfBudgetTooSmall(session: Torrent): void {
    if (this.opts.store !== 'memory' || this.opts.memoryBudgetBytes >= 8 * session.pieceLength) return
    const message = `The memory budget holds fewer than 8 pieces of this torrent (${formatBytes(session.pieceLength)} each): playback may stutter and memory may exceed the budget by a piece.`
    this.emitEvent('wt-warning', { infoHash: session.infoHash, code: 'MEMORY_BUDGET_SMALL', message })
  }

  private touchExisting(session: Torrent, fileIndex: number | undefined): void {
    session.touch()
    if (fileIndex !== undefined && session.hasMetadata) this.selectFile(session.infoHash, fileIndex)
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
    if (session.files()[fileIndex]?.kind === 'video') this.media?.fileOpened(session.infoHash, fileIndex)
  }

  /** The stream URL of a file; the name is cosmetic (players show it, the server ignores it). */
  urlFor(infoHash: string, fileIndex: number, fileName = 'file'): string {
    const name = encodeURIComponent(fileName.replace(/[/\\]/g, '_'))
    return `${this.origin}${this.publicPrefix}${this.filePath(infoHash, fileIndex)}/${name}`
  }

  /** `/TOKEN/INFOHASH/INDEX`: what every URL of a file starts with, below its server's prefix. */
  private filePath(infoHash: string, fileIndex: number): string {
    return `/${this.token}/${infoHash}/${fileIndex}`
  }

  private get publicPrefix(): string {
    return this.mounted ? MOUNTED_STREAM_PREFIX : ''
  }

  private streamUrl(session: Torrent, fileIndex: number): string {
    return this.urlFor(session.infoHash, fileIndex, session.wt.files[fileIndex]?.name)
  }

  private session(infoHash: string): Torrent {
    const session = this.sessions.get(infoHash)
    if (!session) throw new PeerwatchError('NO_SUCH_TORRENT', 'That torrent is not open.')
    return session
  }

  private closeIdle(): void {
    const now = Date.now()
    const idleMs = this.opts.idleSeconds * 1000
    for (const session of [...this.sessions.values()]) {
      if (!session.isIdle(now, idleMs)) continue
      this.sessions.delete(session.infoHash)
      this.syncActiveMarks()
      this.lastProgress.delete(session.infoHash)
      this.media?.torrentClosed(session.infoHash)
      const idleClosed = { infoHash: session.infoHash, idleSeconds: this.opts.idleSeconds }
      void session.close().then(() => this.emitEvent('wt-idle-closed', idleClosed))
    }
  }

  /** Each second: request pipelines follow the peers' speeds, and changed progress goes out. */
  private heartbeat(): void {
    for (const session of this.sessions.values()) {
      session.downloader.tick()
      this.publishProgress(session)
    }
  }

  /** `wt-progress` only when something changed. */
  private publishProgress(session: Torrent): void {
    const progress = session.progress()
    const key = JSON.stringify(progress)
    if (this.lastProgress.get(session.infoHash) === key) return
    this.lastProgress.set(session.infoHash, key)
    this.emitEvent('wt-progress', progress)
  }

  private downloaderOptions(): DownloaderOptions {
    return {
      ...DEFAULT_DOWNLOADER_OPTIONS,
      ...this.opts.downloader,
      mode: this.opts.store,
      memoryBudgetBytes: this.opts.memoryBudgetBytes,
    }
  }

  private torrentDir(infoHash: string): string {
    return join(this.opts.downloadDir, infoHash)
  }

  private emitEvent<C extends EventChannel>(event: C, payload: EventPayload<C>): void {
    if (this.closing && event !== 'wt-idle-closed') return
    this.emit('event', { event, payload } as EngineEvent)
  }
}

async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`
  await writeFile(temporary, bytes)
  await rename(temporary, path)
}
