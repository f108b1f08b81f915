import {
  type Api,
  type EngineRequestChannel,
  type EventChannel,
  type EventPayload,
  eventSchemas,
  isEngineRequestChannel,
  isEventChannel,
  isRequestChannel,
  type PortMessage,
  portMessageSchema,
  type RequestChannel,
  type RequestPayload,
  type ResponseValues,
  type Result,
  requestSchemas,
} from '../../src-shared/contract.js'
import { toApiError } from '../../src-shared/errors.js'
import { ChannelListeners } from '../../src-shared/listeners.js'
import { requestProblem } from '../../src-shared/request-problems.js'
import type { Engine } from './engine.js'
import type { MessagePortLike } from './port.js'

/**
 * Serves an Engine over a port: validated requests in, `{ ok, value | error }` answers and
 * `wt-*` events out. A malformed message gets an error answer; it never throws.
 */
export function serveEngine(engine: Engine, port: MessagePortLike): () => void {
  const forward = (e: { event: string; payload: unknown }): void =>
    port.postMessage({ kind: 'event', event: e.event, payload: e.payload } satisfies PortMessage)
  engine.on('event', forward)
  const offMessages = port.onMessage((raw) => {
    void answer(engine, raw).then((reply) => reply && port.postMessage(reply))
  })
  return () => {
    engine.off('event', forward)
    offMessages()
  }
}

async function answer(engine: Engine, raw: unknown): Promise<PortMessage | null> {
  const message = portMessageSchema.safeParse(raw)
  if (!message.success || message.data.kind !== 'request') return null
  const { id, channel, payload } = message.data
  const result = await dispatch(engine, channel, payload)
  return { kind: 'response', id, result }
}

async function dispatch(engine: Engine, channel: string, payload: unknown): Promise<Result<unknown>> {
  if (!isRequestChannel(channel) || !isEngineRequestChannel(channel)) {
    return {
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL', message: `Unknown request "${channel.slice(0, 40)}".` },
    }
  }
  const parsed = requestSchemas[channel].safeParse(payload)
  if (!parsed.success) return { ok: false, error: requestProblem(parsed.error) }
  try {
    return { ok: true, value: await engineHandlers[channel](engine, parsed.data as never) }
  } catch (err) {
    return { ok: false, error: toApiError(err) }
  }
}

const engineHandlers: {
  [C in EngineRequestChannel]: (
    engine: Engine,
    payload: RequestPayload<C>,
  ) => Promise<ResponseValues[C]> | ResponseValues[C]
} = {
  'wt-add': (engine, payload) => engine.add(payload),
  'wt-select-file': (engine, { infoHash, fileIndex }) => engine.selectFile(infoHash, fileIndex),
  'wt-remove': (engine, { infoHash, deleteData }) => engine.remove(infoHash, deleteData),
  'wt-list': (engine) => engine.list(),
  'wt-media-info': (engine, payload) => engine.mediaInfo(payload),
  'wt-media-plan': (engine, payload) => engine.mediaPlan(payload),
}

/** The other end of the port: the typed Api the CLI and the renderer use. */
export function connectEngine(port: MessagePortLike): Api & { close(): void } {
  let nextId = 1
  const pending = new Map<number, (result: Result<unknown>) => void>()
  const listeners = new ChannelListeners<{ [C in EventChannel]: EventPayload<C> }>()
  const off = port.onMessage((raw) => {
    const message = portMessageSchema.safeParse(raw)
    if (!message.success) return
    const m = message.data
    if (m.kind === 'response') {
      pending.get(m.id)?.(m.result)
      pending.delete(m.id)
    } else if (m.kind === 'event' && isEventChannel(m.event)) {
      const payload = eventSchemas[m.event].safeParse(m.payload)
      if (!payload.success) return
      listeners.emit(m.event, payload.data)
    }
  })
  return {
    request<C extends RequestChannel>(channel: C, payload: RequestPayload<C>) {
      const id = nextId++
      return new Promise<Result<ResponseValues[C]>>((resolve) => {
        pending.set(id, resolve as (result: Result<unknown>) => void)
        port.postMessage({ kind: 'request', id, channel, payload } satisfies PortMessage)
      })
    },
    on: (channel, listener) => listeners.on(channel, listener),
    close: off,
  }
}
