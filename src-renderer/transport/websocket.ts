import {
  type Api,
  type ApiError,
  type EventChannel,
  type EventPayload,
  isEventChannel,
  portMessageSchema,
  type RequestChannel,
  type RequestPayload,
  type ResponseValues,
  type Result,
} from '../../src-shared/contract.js'
import { ChannelListeners, Listeners } from '../../src-shared/listeners.js'
import { decodeWireMessage, encodeWireMessage } from '../../src-shared/wire-codec.js'
import type { ConnectionStatus } from './connection.js'
import { parseEvent } from './validate-events.js'

/**
 * The part of the browser's WebSocket this uses (the `ws` package's client has it too). Handler
 * parameters are `never` so either implementation's own event types fit.
 */
export interface WebSocketLike {
  send(data: string): void
  close(): void
  onopen: ((event: never) => void) | null
  onclose: ((event: never) => void) | null
  onerror: ((event: never) => void) | null
  onmessage: ((event: never) => void) | null
}

export interface WebSocketApiOptions {
  url: string
  createSocket?: (url: string) => WebSocketLike
  /** First reconnect delay; doubles up to maxDelayMs. */
  minDelayMs?: number
  maxDelayMs?: number
}

export const CONNECTION_LOST: ApiError = {
  code: 'UNAVAILABLE',
  message: 'Lost the connection to Peerwatch. Try again.',
}

const MALFORMED_ANSWER: ApiError = {
  code: 'INTERNAL',
  message: 'Peerwatch sent an answer this page cannot read.',
}

interface PendingRequest {
  frame: string
  sent: boolean
  resolve(result: Result<unknown>): void
}

/** Each event channel with its payload type, as the listeners hear it. */
type EventPayloads = { [C in EventChannel]: EventPayload<C> }

/** The contract's Api over the headless server's WebSocket, reconnecting with backoff. */
export class WebSocketApi implements Api {
  status: ConnectionStatus = 'connecting'
  private socket: WebSocketLike | null = null
  private readonly pending = new Map<number, PendingRequest>()
  private readonly listeners = new ChannelListeners<EventPayloads>({
    onListenerError: (err, channel) => console.error(`A ${channel} listener failed`, err),
  })
  private readonly statusListeners = new Listeners<ConnectionStatus>()
  private readonly createSocket: (url: string) => WebSocketLike
  private readonly minDelayMs: number
  private readonly maxDelayMs: number
  private delayMs: number
  private nextId = 1
  private timer: ReturnType<typeof setTimeout> | undefined
  private closed = false

  constructor(private readonly options: WebSocketApiOptions) {
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url))
    this.minDelayMs = options.minDelayMs ?? 500
    this.maxDelayMs = options.maxDelayMs ?? 5000
    this.delayMs = this.minDelayMs
    this.connect()
  }

  request<C extends RequestChannel>(
    channel: C,
    payload: RequestPayload<C>,
  ): Promise<Result<ResponseValues[C]>> {
    const id = this.nextId++
    return new Promise((resolve) => {
      if (this.closed) return resolve({ ok: false, error: CONNECTION_LOST })
      const frame = encodeWireMessage({ kind: 'request', id, channel, payload })
      const entry: PendingRequest = { frame, sent: false, resolve: resolve as PendingRequest['resolve'] }
      this.pending.set(id, entry)
      if (this.status === 'open') this.send(entry)
    })
  }

  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void {
    return this.listeners.on(channel, listener)
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    return this.statusListeners.add(listener)
  }

  /** Stops for good: no reconnect, every open request answers UNAVAILABLE. */
  close(): void {
    this.closed = true
    clearTimeout(this.timer)
    const socket = this.socket
    this.socket = null
    socket?.close()
    this.failPending(() => true)
  }

  private connect(): void {
    let socket: WebSocketLike
    try {
      socket = this.createSocket(this.options.url)
    } catch {
      this.scheduleReconnect()
      return
    }
    this.socket = socket
    socket.onopen = () => this.onOpen(socket)
    socket.onmessage = (event: { data: unknown }) => this.onMessage(event.data)
    socket.onclose = () => this.onClose(socket)
    // A close event always follows an error: reconnecting happens there.
    socket.onerror = () => {}
  }

  private onOpen(socket: WebSocketLike): void {
    if (socket !== this.socket) return
    this.delayMs = this.minDelayMs
    this.setStatus('open')
    for (const entry of this.pending.values()) if (!entry.sent) this.send(entry)
  }

  private onClose(socket: WebSocketLike): void {
    if (socket !== this.socket) return
    this.socket = null
    // Whatever was sent may or may not have run: say so. What was only queued goes out later.
    this.failPending((entry) => entry.sent)
    if (!this.closed) this.scheduleReconnect()
  }

  private scheduleReconnect(): void {
    this.setStatus('reconnecting')
    this.timer = setTimeout(() => this.connect(), this.delayMs)
    this.delayMs = Math.min(this.delayMs * 2, this.maxDelayMs)
  }

  private send(entry: PendingRequest): void {
    try {
      this.socket?.send(entry.frame)
      entry.sent = true
    } catch {
      // The socket is closing; the entry stays queued for the next connection.
    }
  }

  private failPending(which: (entry: PendingRequest) => boolean): void {
    for (const [id, entry] of this.pending) {
      if (!which(entry)) continue
      this.pending.delete(id)
      entry.resolve({ ok: false, error: CONNECTION_LOST })
    }
  }

  private onMessage(data: unknown): void {
    if (typeof data !== 'string') return
    let decoded: unknown
    try {
      decoded = decodeWireMessage(data)
    } catch {
      return
    }
    const parsed = portMessageSchema.safeParse(decoded)
    if (!parsed.success) {
      this.answerMalformed(decoded)
      return
    }
    const message = parsed.data
    if (message.kind === 'response') this.settle(message.id, message.result as Result<unknown>)
    else if (message.kind === 'event') this.dispatch(message.event, message.payload)
  }

  /** A response we cannot read still ends its request, instead of leaving it hanging. */
  private answerMalformed(decoded: unknown): void {
    const message = decoded as { kind?: unknown; id?: unknown } | null
    if (message?.kind === 'response' && typeof message.id === 'number') {
      this.settle(message.id, { ok: false, error: MALFORMED_ANSWER })
    }
  }

  private settle(id: number, result: Result<unknown>): void {
    const entry = this.pending.get(id)
    if (!entry) return
    this.pending.delete(id)
    entry.resolve(result)
  }

  private dispatch(event: string, payload: unknown): void {
    if (!isEventChannel(event)) return
    if (this.listeners.count(event) === 0) return
    const valid = parseEvent(event, payload)
    if (valid === undefined) return
    this.listeners.emit(event, valid)
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.status === status) return
    this.status = status
    this.statusListeners.emit(status)
  }
}
