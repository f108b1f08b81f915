import type { EventChannel, EventPayload } from '../../src-shared/contract.js'
import { ChannelListeners } from '../../src-shared/listeners.js'

type EventPayloads = { [C in EventChannel]: EventPayload<C> }

/** States rather than happenings: a page that subscribes late still hears the latest one. */
const STICKY: ReadonlySet<EventChannel> = new Set(['wt-ready', 'app-engine-status'])

/** The events the host delivers to `api.on`: the engine's, forwarded, and its own. */
export class HostEvents {
  // One broken subscriber (a closed window, say) must not keep the others from hearing.
  private readonly listeners = new ChannelListeners<EventPayloads>({ onListenerError: () => {} })
  private readonly latest = new Map<EventChannel, unknown>()

  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void {
    const off = this.listeners.on(channel, listener)
    if (this.latest.has(channel)) {
      // Later, so the caller holds its unsubscribe function before the listener runs.
      queueMicrotask(() => {
        if (!this.listeners.has(channel, listener)) return
        try {
          listener(this.latest.get(channel) as EventPayload<C>)
        } catch {}
      })
    }
    return off
  }

  emit<C extends EventChannel>(channel: C, payload: EventPayload<C>): void {
    if (STICKY.has(channel)) this.latest.set(channel, payload)
    this.listeners.emit(channel, payload as EventPayloads[C])
  }

  clear(): void {
    this.listeners.clear()
    this.latest.clear()
  }
}
