import { timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { pipeline, Readable } from 'node:stream'
import { parseRange } from './http-range.js'
import type { MediaResponse, MediaRouteTarget } from './media-hooks.js'
import { contentType, isSrt } from './media-kinds.js'
import { closeServer, listen } from './server-listen.js'
import type { StreamableFile, StreamCatalog } from './stream-source.js'
import { srtToVtt } from './subtitles.js'
import { textResponse } from './text-response.js'

export interface RangeRequest {
  method: string
  url: string
  headers: { host?: string; range?: string; origin?: string }
}

export interface RangeResponse {
  status: number
  headers: Record<string, string>
  body?: AsyncIterable<Uint8Array> | Uint8Array | string
}

export interface RangeServerOptions {
  /** Per-run secret, the first path segment of every URL. Must be URL-safe (hex, base64url). */
  token: string
  catalog: StreamCatalog
  /**
   * `host:port` values the Host header may carry; a function because the port comes after listen.
   * 'checked-by-caller' when a server that mounts the streams checks Host for every route itself.
   */
  allowedHosts: (() => string[]) | 'checked-by-caller'
  /** Where the URLs live below the origin, e.g. '/stream' when mounted beside other routes. */
  pathPrefix?: string
  corsOrigins?: string[]
  maxSubtitleBytes?: number
  /** Answers a file's media resources (converted streams); without it they are 404s. */
  media?: (target: MediaRouteTarget) => Promise<MediaResponse>
}

export interface RunningRangeServer {
  server: Server
  port: number
  origin: string
  close(): Promise<void>
}

/** The whole HTTP behaviour, as a function of the request: the node:http adapter only copies bytes. */
export async function handleRangeRequest(
  req: RangeRequest,
  opts: RangeServerOptions,
): Promise<RangeResponse> {
  let response: RangeResponse
  try {
    response = await route(req, opts)
  } catch {
    response = textResponse(500, 'Internal error')
  }
  if (req.method === 'HEAD' && response.body !== undefined) response = { ...response, body: undefined }
  return withCors(response, req.headers.origin, opts.corsOrigins ?? [])
}

export async function createRangeServer(
  opts: RangeServerOptions & { host?: string; port?: number },
): Promise<RunningRangeServer> {
  // Node's own answer to a missing Host is a 400; ours is the DNS-rebinding 403.
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    serveRangeRequest(req, res, opts).catch(() => res.destroy())
  })
  // Players seek in bursts of range requests: let them reuse the connection for a while.
  server.keepAliveTimeout = 30_000
  // A film is one long response; the default 5-minute request timeout would cut it.
  server.requestTimeout = 0
  const host = opts.host ?? '127.0.0.1'
  const port = await listen(server, opts.port ?? 0, host)
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  return { server, port, origin, close: () => closeServer(server) }
}

/** The node:http adapter: answers one request with handleRangeRequest and copies the bytes out. */
export async function serveRangeRequest(
  req: IncomingMessage,
  res: ServerResponse,
  opts: RangeServerOptions,
): Promise<void> {
  const request: RangeRequest = {
    method: req.method ?? '',
    url: req.url ?? '',
    headers: { host: req.headers.host, range: req.headers.range, origin: req.headers.origin },
  }
  const response = await handleRangeRequest(request, opts)
  try {
    res.writeHead(response.status, response.headers)
  } catch {
    res.destroy()
    await closeBody(response.body)
    return
  }
  const body = response.body
  if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) {
    res.end(body)
    return
  }
  // A client abort destroys the Readable, which calls the iterator's return(): the reader is released.
  pipeline(Readable.from(body, { objectMode: false }), res, (err) => {
    if (err) res.destroy()
  })
}

const DEFAULT_MAX_SUBTITLE_BYTES = 10 * 1024 * 1024
const VTT_TYPE = 'text/vtt; charset=utf-8'
const INFOHASH = /^[0-9a-f]{40}$/
const FILE_INDEX = /^\d{1,7}$/
const UNSAFE_NAME = /[/\\\0]/
const BASE_HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' }

type Target =
  | { kind: 'file'; infoHash: string; fileIndex: number }
  | { kind: 'media'; infoHash: string; fileIndex: number; resource: string }
  | { kind: 'not-found' }
  | { kind: 'bad' }

const MEDIA_SEGMENT = 'media'
const MEDIA_RESOURCE = /^[a-z0-9-]{1,32}\.[a-z0-9]{2,4}$/

async function route(req: RangeRequest, opts: RangeServerOptions): Promise<RangeResponse> {
  const hosts = opts.allowedHosts
  if (hosts !== 'checked-by-caller' && !isAllowedHost(req.headers.host, hosts())) {
    return textResponse(403, 'Forbidden host')
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return textResponse(405, 'Method not allowed', { Allow: 'GET, HEAD' })
  }
  const target = parseTarget(req.url, opts.token, opts.pathPrefix ?? '')
  if (target.kind === 'not-found') return textResponse(404, 'Not found')
  if (target.kind === 'bad') return textResponse(400, 'Bad request')
  const found = opts.catalog.lookup(target.infoHash, target.fileIndex)
  if (found.state === 'missing') return textResponse(404, 'Not found')
  if (found.state === 'pending') return textResponse(503, 'Not ready yet', { 'Retry-After': '1' })
  if (target.kind === 'media') return routeMedia(req, target, opts)
  if (isSrt(found.file.name)) return serveSubtitle(found.file, req, opts.maxSubtitleBytes)
  const { file } = found
  const type = contentType(file.name)
  const read: BodyReader = (start, end, length) => new ExactLength(file.read(start, end), length)
  return serveBytes(req, file.length, type === 'text/vtt' ? VTT_TYPE : type, read)
}

function isAllowedHost(host: string | undefined, allowed: string[]): boolean {
  const value = host?.trim().toLowerCase()
  return !!value && allowed.some((entry) => entry.toLowerCase() === value)
}

/** A wrong token is a 404 like any unknown path, so nothing confirms a URL exists without it. */
function parseTarget(url: string, token: string, prefix: string): Target {
  const path = url.split(/[?#]/, 1)[0] ?? ''
  if (!path.startsWith(`${prefix}/`)) return { kind: 'not-found' }
  const segments = path.slice(prefix.length + 1).split('/')
  if (!tokenMatches(segments[0] ?? '', token)) return { kind: 'not-found' }
  const [, infoHash = '', index = '', name = '', resource = ''] = segments
  if (segments.length === 5 && name === MEDIA_SEGMENT) {
    if (!INFOHASH.test(infoHash) || !FILE_INDEX.test(index) || !MEDIA_RESOURCE.test(resource))
      return { kind: 'bad' }
    return { kind: 'media', infoHash, fileIndex: Number(index), resource }
  }
  if (segments.length !== 4) return { kind: 'not-found' }
  if (!INFOHASH.test(infoHash) || !FILE_INDEX.test(index) || !isCosmeticName(name)) return { kind: 'bad' }
  return { kind: 'file', infoHash, fileIndex: Number(index) }
}

async function routeMedia(
  req: RangeRequest,
  target: Extract<Target, { kind: 'media' }>,
  opts: RangeServerOptions,
): Promise<RangeResponse> {
  if (!opts.media) return textResponse(404, 'Not found')
  const query = new URLSearchParams(req.url.split('?', 2)[1]?.split('#', 1)[0] ?? '')
  const response = await opts.media({ ...target, method: req.method, query })
  return { ...response, headers: { ...BASE_HEADERS, ...response.headers } }
}

function tokenMatches(candidate: string, token: string): boolean {
  const given = Buffer.from(candidate)
  const expected = Buffer.from(token)
  return expected.length > 0 && given.length === expected.length && timingSafeEqual(given, expected)
}

function isCosmeticName(raw: string): boolean {
  let name: string
  try {
    name = decodeURIComponent(raw)
  } catch {
    return false
  }
  return name !== '' && name !== '.' && name !== '..' && !UNSAFE_NAME.test(name)
}

async function serveSubtitle(file: StreamableFile, req: RangeRequest, max?: number): Promise<RangeResponse> {
  if (file.length > (max ?? DEFAULT_MAX_SUBTITLE_BYTES)) return textResponse(413, 'Subtitle file too large')
  // HEAD converts too: the Content-Length it must report is that of the VTT, not of the SRT.
  const vtt = new TextEncoder().encode(srtToVtt(await readAll(file)))
  return serveBytes(req, vtt.byteLength, VTT_TYPE, (start, end) => vtt.subarray(start, end + 1))
}

async function readAll(file: StreamableFile): Promise<Uint8Array> {
  const bytes = new Uint8Array(file.length)
  if (file.length === 0) return bytes
  let filled = 0
  for await (const chunk of new ExactLength(file.read(0, file.length - 1), file.length)) {
    bytes.set(chunk, filled)
    filled += chunk.byteLength
  }
  return bytes
}

type BodyReader = (start: number, end: number, length: number) => NonNullable<RangeResponse['body']>

function serveBytes(req: RangeRequest, length: number, type: string, read: BodyReader): RangeResponse {
  const headers: Record<string, string> = { ...BASE_HEADERS, 'Accept-Ranges': 'bytes' }
  const range = parseRange(req.headers.range, length)
  if (range.kind === 'unsatisfiable') {
    return {
      status: 416,
      headers: { ...headers, 'Content-Range': `bytes */${length}`, 'Content-Length': '0' },
    }
  }
  const { start, end } = range.kind === 'range' ? range : { start: 0, end: length - 1 }
  const bodyLength = end - start + 1
  headers['Content-Type'] = type
  headers['Content-Length'] = String(bodyLength)
  if (range.kind === 'range') headers['Content-Range'] = `bytes ${start}-${end}/${length}`
  const status = range.kind === 'range' ? 206 : 200
  // HEAD never reads: opening a reader would move the engine's playhead for nothing.
  if (req.method === 'HEAD' || bodyLength === 0) return { status, headers }
  return { status, headers, body: read(start, end, bodyLength) }
}

function withCors(response: RangeResponse, origin: string | undefined, allowed: string[]): RangeResponse {
  if (origin === undefined || !allowed.includes(origin)) return response
  const cors = {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': 'Content-Range, Content-Length, Accept-Ranges',
    Vary: 'Origin',
  }
  return { ...response, headers: { ...response.headers, ...cors } }
}

/**
 * Passes on exactly `length` bytes: trims a source that overshoots and fails one that ends short,
 * so a response never silently disagrees with its Content-Length. Hand-written rather than a
 * generator so return() reaches the source at once, even while a next() waits for a piece.
 */
class ExactLength implements AsyncIterableIterator<Uint8Array> {
  #left: number
  #source: AsyncIterator<Uint8Array> | undefined

  constructor(source: AsyncIterable<Uint8Array>, length: number) {
    this.#source = source[Symbol.asyncIterator]()
    this.#left = length
  }

  [Symbol.asyncIterator](): this {
    return this
  }

  async next(): Promise<IteratorResult<Uint8Array>> {
    if (!this.#source || this.#left === 0) return this.return()
    const step = await this.#source.next()
    if (step.done) throw new Error(`The stream ended ${this.#left} bytes early`)
    const chunk = step.value.byteLength > this.#left ? step.value.subarray(0, this.#left) : step.value
    this.#left -= chunk.byteLength
    return { value: chunk, done: false }
  }

  async return(): Promise<IteratorResult<Uint8Array>> {
    const source = this.#source
    this.#source = undefined
    this.#left = 0
    await source?.return?.()
    return { value: undefined, done: true }
  }
}

async function closeBody(body: RangeResponse['body']): Promise<void> {
  if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) return
  try {
    await body[Symbol.asyncIterator]().return?.()
  } catch {
    // The response is already gone; a reader that fails to close has nobody left to tell.
  }
}
