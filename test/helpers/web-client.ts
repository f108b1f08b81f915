import { request } from 'node:http'
import WebSocket from 'ws'
import type { PortMessage } from '../../src-shared/contract.js'
import { decodeWireMessage, encodeWireMessage } from '../../src-shared/wire-codec.js'

export interface HttpAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
  text: string
}

/** A raw HTTP request: any method, Host, path (sent as written, never normalised) and body. */
export function httpRequest(
  origin: string,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpAnswer> {
  const { hostname, port } = new URL(origin)
  const headers = { ...opts.headers }
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, path, method: opts.method ?? 'GET', headers, setHost: !('host' in headers) },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const body = Buffer.concat(chunks)
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') })
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(opts.body)
  })
}

/** `name=value` of the first Set-Cookie, as a browser would send it back. */
export function cookieFrom(answer: HttpAnswer): string {
  const setCookie = answer.headers['set-cookie']?.[0]
  if (!setCookie) throw new Error(`no Set-Cookie in a ${answer.status} answer`)
  return setCookie.split(';', 1)[0] as string
}

/** Follows a `peerwatch serve` token link like a browser: returns the session cookie it sets. */
export async function signIn(tokenUrl: string): Promise<string> {
  const url = new URL(tokenUrl)
  const answer = await httpRequest(url.origin, url.pathname + url.search)
  if (answer.status !== 303) throw new Error(`the token link answered ${answer.status}`)
  return cookieFrom(answer)
}

/** A WebSocket client speaking the port protocol as text frames, with every message kept. */
export class WireClient {
  readonly messages: PortMessage[] = []
  private nextId = 1
  private readonly waiters = new Set<() => void>()

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.messages.push(decodeWireMessage(data.toString('utf8')) as PortMessage)
      for (const wake of [...this.waiters]) wake()
    })
  }

  static open(url: string, headers: Record<string, string>): Promise<WireClient> {
    const socket = new WebSocket(url, { headers })
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new WireClient(socket)))
      socket.once('error', reject)
    })
  }

  /** The HTTP status an upgrade is refused with (fails if the socket opens). */
  static refusal(url: string, headers: Record<string, string>): Promise<number> {
    const socket = new WebSocket(url, { headers })
    return new Promise((resolve, reject) => {
      socket.once('open', () => {
        socket.close()
        reject(new Error('the WebSocket opened'))
      })
      socket.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0)
        socket.terminate()
      })
      socket.once('error', (err) => reject(err))
    })
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN
  }

  /** Sends a request and resolves with its response. */
  async request(channel: string, payload: unknown): Promise<Extract<PortMessage, { kind: 'response' }>> {
    const id = this.nextId++
    this.sendText(encodeWireMessage({ kind: 'request', id, channel, payload }))
    return this.waitFor(
      (m): m is Extract<PortMessage, { kind: 'response' }> => m.kind === 'response' && m.id === id,
    )
  }

  sendText(text: string): void {
    this.socket.send(text)
  }

  sendBinary(bytes: Uint8Array): void {
    this.socket.send(bytes, { binary: true })
  }

  /** The next message (from `after` on) matching `match`. */
  async waitFor<M extends PortMessage>(
    match: (m: PortMessage) => m is M,
    after = 0,
    timeoutMs = 15_000,
  ): Promise<M> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.messages.slice(after).find(match)
      if (found) return found
      const left = deadline - Date.now()
      if (left <= 0)
        throw new Error(`no matching message; got ${JSON.stringify(this.messages).slice(0, 2000)}`)
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer)
          this.waiters.delete(wake)
          resolve()
        }
        const timer = setTimeout(wake, left)
        this.waiters.add(wake)
      })
    }
  }

  /** The next event on `channel`. */
  event(channel: string, after = 0, timeoutMs?: number) {
    return this.waitFor(
      (m): m is Extract<PortMessage, { kind: 'event' }> => m.kind === 'event' && m.event === channel,
      after,
      timeoutMs,
    )
  }

  close(): void {
    this.socket.terminate()
  }
}
