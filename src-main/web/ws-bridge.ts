import type { RawData, WebSocket } from 'ws'
import {
  type Api,
  EVENT_CHANNELS,
  isRequestChannel,
  type PortMessage,
  portMessageSchema,
  type Result,
} from '../../src-shared/contract.js'
import { decodeWireMessage, encodeWireMessage } from '../../src-shared/wire-codec.js'

/**
 * Carries the Api over WebSockets: each text frame a request, answered; every event to every
 * socket. Each socket subscribes on its own, so it also gets what the host replays to a new
 * listener (the engine's `wt-ready`).
 */
export interface WsBridge {
  attach(socket: WebSocket): void
  /** Unsubscribes from the Api and closes every socket. */
  close(): void
}

const PING_INTERVAL_MS = 30_000

export function createWsBridge(api: Api): WsBridge {
  const sockets = new Map<WebSocket, () => void>()
  const alive = new WeakSet<WebSocket>()
  const subscribe = (socket: WebSocket): (() => void) => {
    const offs = EVENT_CHANNELS.map((event) =>
      api.on(event, (payload) => {
        send(socket, encodeWireMessage({ kind: 'event', event, payload } satisfies PortMessage))
      }),
    )
    return () => {
      for (const off of offs) off()
    }
  }
  const detach = (socket: WebSocket): void => {
    sockets.get(socket)?.()
    sockets.delete(socket)
  }
  // A laptop that went to sleep never says goodbye: sockets that miss a pong are dropped.
  const pinger = setInterval(() => {
    for (const socket of sockets.keys()) {
      if (!alive.has(socket)) socket.terminate()
      alive.delete(socket)
      socket.ping()
    }
  }, PING_INTERVAL_MS).unref()

  return {
    attach(socket) {
      sockets.set(socket, subscribe(socket))
      alive.add(socket)
      socket.on('pong', () => alive.add(socket))
      socket.on('close', () => detach(socket))
      socket.on('error', () => socket.terminate())
      socket.on('message', (data: RawData, isBinary: boolean) => {
        const reply = isBinary
          ? Promise.resolve(badRequest(0, 'Frames are JSON text, not binary.'))
          : answerFrame(api, rawText(data))
        void reply.then((message) => send(socket, encodeWireMessage(message)))
      })
    },
    close() {
      clearInterval(pinger)
      for (const socket of [...sockets.keys()]) {
        detach(socket)
        socket.close(1001, 'Peerwatch is shutting down')
      }
    },
  }
}

/** One text frame in, its response out. Never throws: whatever arrives gets an answer. */
export async function answerFrame(api: Api, text: string): Promise<PortMessage> {
  let raw: unknown
  try {
    raw = decodeWireMessage(text)
  } catch {
    return badRequest(0, 'The frame is not JSON.')
  }
  const message = portMessageSchema.safeParse(raw)
  if (!message.success) return badRequest(readId(raw), 'The frame is not a Peerwatch message.')
  if (message.data.kind !== 'request') return badRequest(readId(raw), 'Only requests may be sent.')
  const { id, channel, payload } = message.data
  if (!isRequestChannel(channel)) {
    const error = { code: 'UNKNOWN_CHANNEL' as const, message: `Unknown request "${channel.slice(0, 40)}".` }
    return { kind: 'response', id, result: { ok: false, error } }
  }
  let result: Result<unknown>
  try {
    result = await api.request(channel, payload as never)
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    result = { ok: false, error: { code: 'INTERNAL', message: `The request failed: ${message}` } }
  }
  return { kind: 'response', id, result }
}

function badRequest(id: number, message: string): PortMessage {
  return { kind: 'response', id, result: { ok: false, error: { code: 'BAD_REQUEST', message } } }
}

function readId(raw: unknown): number {
  const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined
  return typeof id === 'number' && Number.isInteger(id) ? id : 0
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8')
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  return Buffer.from(data).toString('utf8')
}

function send(socket: WebSocket, frame: string): void {
  if (socket.readyState === socket.OPEN) socket.send(frame)
}
