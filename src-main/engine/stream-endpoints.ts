import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { PeerwatchError } from '../../src-shared/errors.js'
import type { MediaResponse, MediaRouteTarget } from './media-hooks.js'
import {
  createRangeServer,
  type RangeServerOptions,
  type RunningRangeServer,
  serveRangeRequest,
} from './range-server.js'
import type { StreamCatalog } from './stream-source.js'

/** Where a mounted engine's stream URLs live on the server that mounts it. */
export const MOUNTED_STREAM_PREFIX = '/stream'

export interface StreamEndpointsOptions {
  /** 'own': a loopback server of its own; 'mounted': another server passes requests in. */
  streamServer: 'own' | 'mounted'
  streamPort?: number | undefined
  corsOrigins: string[]
  catalog: StreamCatalog
  media: (target: MediaRouteTarget) => Promise<MediaResponse>
}

/**
 * Where the files of open torrents can be read over HTTP, and their URLs: the engine's own
 * loopback range server, or routes under /stream/ of a server that mounts the engine (plus a
 * loopback-only server for local readers such as ffmpeg). Every URL carries a per-run token.
 */
export class StreamEndpoints {
  private readonly token = randomBytes(24).toString('base64url')
  private server: RunningRangeServer | null = null
  /** Loopback server for local readers (ffmpeg) when the public streams are mounted elsewhere. */
  private localServer: RunningRangeServer | null = null

  constructor(private readonly opts: StreamEndpointsOptions) {}

  /** The origin of the range server, e.g. http://127.0.0.1:PORT; '' when mounted (URLs are relative). */
  get origin(): string {
    if (this.mounted) return ''
    if (!this.server) throw new PeerwatchError('NOT_READY', 'The stream server is not running.')
    return this.server.origin
  }

  async listen(): Promise<void> {
    if (!this.mounted) {
      const hosts = (): string[] =>
        this.server ? [`127.0.0.1:${this.server.port}`, `localhost:${this.server.port}`] : []
      this.server = await createRangeServer({ ...this.rangeOptions(hosts), port: this.opts.streamPort ?? 0 })
    } else {
      const hosts = (): string[] => (this.localServer ? [`127.0.0.1:${this.localServer.port}`] : [])
      const { pathPrefix: _mounted, ...local } = this.rangeOptions(hosts)
      this.localServer = await createRangeServer(local)
    }
  }

  /** Mounted mode: the path token authorizes the request; the mounting server has checked Host. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.mounted)
      throw new Error('handleStreamRequest needs an engine started with streamServer: mounted')
    await serveRangeRequest(req, res, this.rangeOptions('checked-by-caller'))
  }

  /** The stream URL of a file; the name is cosmetic (players show it, the server ignores it). */
  fileUrl(infoHash: string, fileIndex: number, fileName = 'file'): string {
    const name = encodeURIComponent(fileName.replace(/[/\\]/g, '_'))
    return `${this.origin}${this.publicPrefix}${filePath(this.token, infoHash, fileIndex)}/${name}`
  }

  /** A loopback URL of the file for ffmpeg and ffprobe (never one that leaves the machine). */
  localUrl(infoHash: string, fileIndex: number): string {
    const origin = (this.localServer ?? this.server)?.origin ?? ''
    return `${origin}${filePath(this.token, infoHash, fileIndex)}/file`
  }

  /** The URL a player uses for a media resource of a file (origin-relative when mounted). */
  resourceUrl(infoHash: string, fileIndex: number, resource: string): string {
    return `${this.origin}${this.publicPrefix}${filePath(this.token, infoHash, fileIndex)}/media/${resource}`
  }

  async close(): Promise<void> {
    await this.server?.close()
    await this.localServer?.close()
  }

  private get mounted(): boolean {
    return this.opts.streamServer === 'mounted'
  }

  private get publicPrefix(): string {
    return this.mounted ? MOUNTED_STREAM_PREFIX : ''
  }

  private rangeOptions(allowedHosts: RangeServerOptions['allowedHosts']): RangeServerOptions {
    return {
      token: this.token,
      catalog: this.opts.catalog,
      allowedHosts,
      corsOrigins: this.opts.corsOrigins,
      media: this.opts.media,
      ...(this.mounted ? { pathPrefix: MOUNTED_STREAM_PREFIX } : {}),
    }
  }
}

/** `/TOKEN/INFOHASH/INDEX`: what every URL of a file starts with, below its server's prefix. */
function filePath(token: string, infoHash: string, fileIndex: number): string {
  return `/${token}/${infoHash}/${fileIndex}`
}
