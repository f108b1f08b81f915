import type { EventChannel, EventPayload } from '../../src-shared/contract.js'

type Listener = (payload: never) => void

/** States rather than happenings: a page that subscribes late still hears the latest one. */
const STICKY: ReadonlySet<EventChannel> = new Set(['wt-ready', 'app-engine-status'])

/** The events the host delivers to `api.on`: the engine's, forwarded, and its own. */
export class HostEvents {
  private readonly listeners = new Map<EventChannel, Set<Listener>>()
  private readonly latest = new Map<EventChannel, unknown>()

  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void {
    const set = this.listeners.get(channel) ?? new Set()
    this.listeners.set(channel, set)
    set.add(listener as Listener)
    if (this.latest.has(channel)) {
      // Later, so the caller holds its unsubscribe function before the listener runs.
      queueMicrotask(() => {
        if (set.has(listener as Listener)) deliver(listener as Listener, this.latest.get(channel))
      })
    }
    return () => set.delete(listener as Listener)
  }

  emit<C extends EventChannel>(channel: C, payload: EventPayload<C>): void {
    if (STICKY.has(channel)) this.latest.set(channel, payload)
    for (const listener of [...(this.listeners.get(channel) ?? [])]) {
      deliver(listener, payload)
    }
  }

  clear(): void {
    this.listeners.clear()
    this.latest.clear()
  }
}

function deliver(listener: Listener, payload: unknown): void {
  // One broken subscriber (a closed window, say) must not keep the others from hearing.
  try {
    listener(payload as never)
  } catch {}
}
