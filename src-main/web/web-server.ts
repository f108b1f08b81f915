import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { networkInterfaces, hostname as osHostname } from 'node:os'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { MAX_TORRENT_FILE_BYTES } from '../../src-shared/contract.js'
import { closeServer, listen } from '../engine/server-listen.js'
import { textResponse } from '../engine/text-response.js'
import type { AppHostHandle } from '../host/types.js'
import { createHostCheck, type HostCheck } from './host-check.js'
import { SECURITY_HEADERS } from './security-headers.js'
import { SessionAuth } from './session-auth.js'
import type { StaticSite } from './static-files.js'
import { handleWebRequest, type WebRequest, type WebResponse, type WebRouteContext } from './web-routes.js'
import { createWsBridge } from './ws-bridge.js'

/** What answers /stream/ requests: an Engine started with streamServer: 'mounted'. */
export interface StreamRequestHandler {
  handleStreamRequest(req: IncomingMessage, res: ServerResponse): Promise<void>
}

export interface WebServerOptions {
  appHost: AppHostHandle
  /** The renderer build (loadStaticSite). */
  site: StaticSite
  /** The engine answering streams right now: the app host starts a new one when settings change. */
  streams: () => StreamRequestHandler | null
  /** Address to bind; default 127.0.0.1. */
  host?: string
  /** Default 0: any free port. */
  port?: number
  /** Lets people sign in at /login as well as with the token link. */
  password?: string
  /** What a client may hold of the server (tests shorten the time). */
  limits?: Partial<ClientLimits>
  /** A sign-in link works once: told the next one each time one is used. */
  onNewLink?: (url: string) => void
}

/**
 * `serve --host 0.0.0.0` faces every device on the network, signed in or not: a few hundred
 * connections that each send a byte now and then would otherwise hold the server's (and the
 * engine's) file descriptors for ever.
 */
export interface ClientLimits {
  /** A request's head, and a form's body, must have arrived within this; else 408. */
  requestMs: number
  /** Connections open at once, in all and from one address (a TV, a phone, a laptop each). */
  connections: number
  connectionsPerAddress: number
}

const DEFAULT_LIMITS: ClientLimits = { requestMs: 10_000, connections: 512, connectionsPerAddress: 128 }

export interface RunningWebServer {
  /** e.g. http://127.0.0.1:PORT; for a wildcard bind, an address of this machine on the network. */
  origin: string
  /** The link that signs a browser in now: origin + /?token=…; each works once. */
  readonly url: string
  port: number
  close(): Promise<void>
}

/**
 * The largest WebSocket frame: a dropped .torrent of the largest size the contract takes crosses
 * as base64 (4 bytes for 3) inside a JSON request, with room for the rest of the request.
 */
const MAX_FRAME_BYTES = Math.ceil((MAX_TORRENT_FILE_BYTES * 4) / 3) + 64 * 1024
const MAX_FORM_BYTES = 4096
const STREAM_PREFIX = '/stream/'

/**
 * `peerwatch serve` on one origin: the renderer build and sign-in (web-routes), /stream/ handed
 * to the mounted engine (authorized by its path token), and the Api over a WebSocket at /ws.
 */
export async function createWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const bindHost = options.host ?? '127.0.0.1'
  let token = randomBytes(32).toString('base64url')
  let origin = ''
  const auth = new SessionAuth({
    token,
    password: options.password,
    onNewToken: (next) => {
      token = next
      options.onNewLink?.(`${origin}/?token=${token}`)
    },
  })
  const bridge = createWsBridge(options.appHost.api)
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, skipUTF8Validation: true })
  let hostCheck: HostCheck | null = null

  const limits = { ...DEFAULT_LIMITS, ...options.limits }
  // A stream's request is whole once its head is in: the film that follows is the response, which
  // no timeout here limits.
  const server = createServer(
    {
      requireHostHeader: false,
      headersTimeout: limits.requestMs,
      requestTimeout: limits.requestMs,
      connectionsCheckingInterval: Math.min(1000, limits.requestMs / 2),
    },
    (req, res) => {
      if (!hostCheck?.allows(req.headers.host)) return send(req, res, forbiddenHost())
      if (req.url?.startsWith(STREAM_PREFIX)) return serveStream(req, res, options.streams())
      const crossSite = req.headers.origin !== undefined && !hostCheck.allowsOrigin(req.headers.origin)
      serveOwnRoute(req, res, { auth, site: options.site }, crossSite).catch(() => res.destroy())
    },
  )
  server.maxConnections = limits.connections
  capConnectionsPerAddress(server, limits.connectionsPerAddress)
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    const refusal = upgradeRefusal(req, auth, hostCheck)
    if (refusal) return refuse(socket, refusal)
    wss.handleUpgrade(req, socket, head, (ws) => bridge.attach(ws))
  })
  // Players seek in bursts of range requests.
  server.keepAliveTimeout = 30_000

  let port: number
  try {
    port = await listen(server, options.port ?? 0, bindHost)
  } catch (err) {
    bridge.close()
    throw err
  }
  hostCheck = createHostCheck(bindHost, port)
  origin = `http://${displayHost(bindHost)}:${port}`
  return {
    origin,
    get url() {
      return `${origin}/?token=${token}`
    },
    port,
    close: async () => {
      bridge.close()
      wss.close()
      await closeServer(server)
    },
  }
}

async function serveOwnRoute(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: WebRouteContext,
  crossSite: boolean,
): Promise<void> {
  let body: string | undefined
  try {
    body = await readForm(req)
  } catch {
    return send(req, res, plain(413, 'The form is too large.', { Connection: 'close' }))
  }
  const request: WebRequest = {
    method: req.method ?? '',
    url: req.url ?? '',
    headers: { cookie: req.headers.cookie, accept: req.headers.accept },
    remoteAddress: req.socket.remoteAddress ?? 'unknown',
    body,
    crossSite,
  }
  send(req, res, handleWebRequest(request, ctx))
}

function capConnectionsPerAddress(server: Server, cap: number): void {
  const open = new Map<string, number>()
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown'
    const count = (open.get(address) ?? 0) + 1
    if (count > cap) {
      socket.destroy()
      return
    }
    open.set(address, count)
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1
      if (left > 0) open.set(address, left)
      else open.delete(address)
    })
  })
}

function serveStream(req: IncomingMessage, res: ServerResponse, engine: StreamRequestHandler | null): void {
  if (engine) engine.handleStreamRequest(req, res).catch(() => res.destroy())
  else send(req, res, plain(503, 'The engine is starting.', { 'Retry-After': '1' }))
}

/** The status a WebSocket upgrade is refused with, or null to accept it. */
function upgradeRefusal(req: IncomingMessage, auth: SessionAuth, hostCheck: HostCheck | null): number | null {
  if (!hostCheck?.allows(req.headers.host)) return 403
  if ((req.url ?? '').split('?', 1)[0] !== '/ws') return 404
  if (!auth.isAuthenticated(req.headers.cookie)) return 401
  // Another site's page cannot carry the SameSite cookie, but a non-browser client could fake one.
  if (!hostCheck.allowsOrigin(req.headers.origin)) return 403
  return null
}

const STATUS_TEXT: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }

function refuse(socket: Duplex, status: number): void {
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Refused'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
  )
}

/** The urlencoded body of a POST (the login form); other methods carry none we read. */
function readForm(req: IncomingMessage): Promise<string | undefined> {
  if (req.method !== 'POST') return Promise.resolve(undefined)
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_FORM_BYTES) return reject(new Error('form too large'))
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function send(req: IncomingMessage, res: ServerResponse, response: WebResponse): void {
  if (res.headersSent) return
  res.writeHead(response.status, response.headers)
  res.end(req.method === 'HEAD' ? undefined : response.body)
}

function forbiddenHost(): WebResponse {
  return plain(403, 'This server does not answer to that host name.')
}

function plain(status: number, text: string, extra: Record<string, string> = {}): WebResponse {
  return textResponse(status, text, { ...SECURITY_HEADERS, ...extra })
}

/** The name to print in the link: a wildcard bind is reached through one of the machine's addresses. */
function displayHost(bindHost: string): string {
  const wildcard = bindHost === '0.0.0.0' || bindHost === '::' || bindHost === ''
  if (!wildcard) return bindHost.includes(':') ? `[${bindHost}]` : bindHost
  const lan = Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .find((i) => i.family === 'IPv4' && !i.internal)
  return lan?.address ?? osHostname().toLowerCase()
}
