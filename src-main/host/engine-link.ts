import {
  type EngineEvent,
  type EngineRequestChannel,
  EVENT_CHANNELS,
  type EventPayload,
  type RequestPayload,
  type ResponseValues,
  type Result,
} from '../../src-preload/contract.js'
import { Engine, type EngineOptions } from '../engine/engine.js'
import { inProcessPortPair, type MessagePortLike } from '../engine/port.js'
import { connectEngine, serveEngine } from '../engine/worker.js'
import type { EngineFactory, EngineLink } from './types.js'

const ENGINE_EVENTS = EVENT_CHANNELS.filter((channel) => channel.startsWith('wt-'))

/**
 * An EngineLink over any port (a worker process, an in-process pair). `close` shuts the other
 * side down; requests still unanswered then get an UNAVAILABLE answer instead of hanging.
 */
export function engineLinkFromPort(port: MessagePortLike, close: () => Promise<void> | void): EngineLink {
  const api = connectEngine(port)
  const listeners = new Set<(event: EngineEvent) => void>()
  const unanswered = new Set<(result: Result<never>) => void>()
  // wt-ready is the handshake: it often arrives before anyone subscribes, so it is replayed.
  let ready: EventPayload<'wt-ready'> | null = null
  let closed = false
  const offs = ENGINE_EVENTS.map((channel) =>
    api.on(channel, (payload) => {
      if (channel === 'wt-ready') ready = payload as EventPayload<'wt-ready'>
      const event = { event: channel, payload } as EngineEvent
      for (const listener of listeners) listener(event)
    }),
  )
  return {
    request<C extends EngineRequestChannel>(channel: C, payload: RequestPayload<C>) {
      if (closed) return Promise.resolve(engineGone())
      return new Promise<Result<ResponseValues[C]>>((resolve) => {
        unanswered.add(resolve)
        void api.request(channel, payload).then((result) => {
          unanswered.delete(resolve)
          resolve(result)
        })
      })
    },
    onEvent(listener) {
      listeners.add(listener)
      if (ready) listener({ event: 'wt-ready', payload: ready })
      return () => listeners.delete(listener)
    },
    async close() {
      if (closed) return
      closed = true
      for (const off of offs) off()
      api.close()
      listeners.clear()
      for (const resolve of unanswered) resolve(engineGone())
      unanswered.clear()
      await close()
    },
  }
}

function engineGone(): Result<never> {
  return { ok: false, error: { code: 'UNAVAILABLE', message: 'The torrent engine stopped; try again.' } }
}

/**
 * Runs the engine in this process, behind the same port protocol and validation as a worker.
 * `onEngine` hands each new Engine to whoever mounts its stream routes (the web server).
 */
export function inProcessEngineFactory(
  base: Partial<EngineOptions> = {},
  onEngine?: (engine: Engine) => void,
): EngineFactory {
  return async (options) => {
    const engine = await Engine.start({ ...base, ...options })
    const [engineEnd, hostEnd] = inProcessPortPair()
    const stopServing = serveEngine(engine, engineEnd)
    const link = engineLinkFromPort(hostEnd, async () => {
      stopServing()
      await engine.close()
    })
    engineEnd.postMessage({
      kind: 'event',
      event: 'wt-ready',
      payload: { origin: engine.origin, peerPort: engine.peerPort },
    })
    onEngine?.(engine)
    return link
  }
}
