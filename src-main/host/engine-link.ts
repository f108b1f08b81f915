import {
  type EngineEvent,
  type EngineRequestChannel,
  EVENT_CHANNELS,
  type EventPayload,
  type RequestPayload,
  type ResponseValues,
  type Result,
} from '../../src-shared/contract.js'
import { Listeners } from '../../src-shared/listeners.js'
import { Engine, type EngineOptions } from '../engine/engine.js'
import { inProcessPortPair, type MessagePortLike } from '../engine/port.js'
import { connectEngine, serveEngine } from '../engine/worker.js'
import { withMedia } from '../media/index.js'
import type { EngineFactory, EngineLink } from './types.js'

const ENGINE_EVENTS = EVENT_CHANNELS.filter((channel) => channel.startsWith('wt-'))

/** How a worker's process says it went away: subscribe with a listener, get an unsubscribe. */
export type EngineExits = (listener: (reason: string) => void) => () => void

/**
 * An EngineLink over any port (a worker process, an in-process pair). `close` shuts the other
 * side down; requests still unanswered then get an UNAVAILABLE answer instead of hanging.
 * `exits` reports the process dying on its own: the link then closes itself the same way and
 * tells its `onExit` listeners why.
 */
export function engineLinkFromPort(
  port: MessagePortLike,
  close: () => Promise<void> | void,
  exits?: EngineExits,
): EngineLink {
  const api = connectEngine(port)
  const listeners = new Listeners<EngineEvent>()
  const exitListeners = new Listeners<string>()
  const unanswered = new Set<(result: Result<never>) => void>()
  // wt-ready is the handshake: it often arrives before anyone subscribes, so it is replayed.
  let ready: EventPayload<'wt-ready'> | null = null
  let exitReason: string | null = null
  let closed = false
  const offs = ENGINE_EVENTS.map((channel) =>
    api.on(channel, (payload) => {
      if (channel === 'wt-ready') ready = payload as EventPayload<'wt-ready'>
      listeners.emit({ event: channel, payload } as EngineEvent)
    }),
  )
  let offExits: (() => void) | undefined
  const shutDown = (): void => {
    closed = true
    offExits?.()
    for (const off of offs) off()
    api.close()
    listeners.clear()
    for (const resolve of unanswered) resolve(engineGone())
    unanswered.clear()
  }
  offExits = exits?.((reason) => {
    if (closed) return
    exitReason = reason
    shutDown()
    exitListeners.emit(reason)
    exitListeners.clear()
  })
  if (closed) offExits?.()

  const link: EngineLink = {
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
      if (closed) return () => {}
      const off = listeners.add(listener)
      if (ready) listener({ event: 'wt-ready', payload: ready })
      return off
    },
    async close() {
      if (closed) return
      shutDown()
      exitListeners.clear()
      await close()
    },
  }
  if (!exits) return link
  return {
    ...link,
    onExit(listener) {
      const reason = exitReason
      if (reason !== null) {
        // It already died: tell a late subscriber too, once it holds its unsubscribe function.
        let wanted = true
        queueMicrotask(() => wanted && listener(reason))
        return () => {
          wanted = false
        }
      }
      if (closed) return () => {}
      return exitListeners.add(listener)
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
    const engine = withMedia(await Engine.start({ ...base, ...options }))
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
