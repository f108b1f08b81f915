// Who hears what: the one add / remove / emit every layer uses. Pure TS, so the engine, the host,
// the shells and the page share it.

export type Unsubscribe = () => void

export interface ListenerOptions {
  /**
   * Told what a listener threw; the rest of that emit goes on either way. Without it, emit throws
   * the first error once every listener has heard, so a failure is never silent by default.
   */
  onListenerError?: (error: unknown) => void
}

/**
 * The listeners of one event. An emit reaches the listeners present when it starts and still
 * present when their turn comes: one removed during an emit is not called after its removal, one
 * added during an emit hears the next one. A listener that throws does not stop the others.
 */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>()

  constructor(private readonly options: ListenerOptions = {}) {}

  /** Adding a listener already here changes nothing; one unsubscribe removes it. */
  add(listener: (value: T) => void): Unsubscribe {
    this.set.add(listener)
    return () => {
      this.set.delete(listener)
    }
  }

  has(listener: (value: T) => void): boolean {
    return this.set.has(listener)
  }

  get size(): number {
    return this.set.size
  }

  emit(value: T): void {
    let failure: { error: unknown } | undefined
    for (const listener of [...this.set]) {
      if (!this.set.has(listener)) continue
      try {
        listener(value)
      } catch (error) {
        if (this.options.onListenerError) this.options.onListenerError(error)
        else failure ??= { error }
      }
    }
    if (failure) throw failure.error
  }

  clear(): void {
    this.set.clear()
  }
}

export interface ChannelListenerOptions<Channel> {
  /** As ListenerOptions', told the channel too. */
  onListenerError?: (error: unknown, channel: Channel) => void
}

/** Listeners per channel, each channel with its own payload type (`Payloads[channel]`). */
export class ChannelListeners<Payloads> {
  private readonly channels = new Map<keyof Payloads, Listeners<unknown>>()

  constructor(private readonly options: ChannelListenerOptions<keyof Payloads> = {}) {}

  on<C extends keyof Payloads>(channel: C, listener: (payload: Payloads[C]) => void): Unsubscribe {
    let listeners = this.listenersOf(channel)
    if (!listeners) {
      const report = this.options.onListenerError
      listeners = new Listeners<Payloads[C]>(
        report ? { onListenerError: (error) => report(error, channel) } : {},
      )
      this.channels.set(channel, listeners as Listeners<unknown>)
    }
    return listeners.add(listener)
  }

  has<C extends keyof Payloads>(channel: C, listener: (payload: Payloads[C]) => void): boolean {
    return this.listenersOf(channel)?.has(listener) ?? false
  }

  /** How many listen on a channel (0 when none ever did). */
  count(channel: keyof Payloads): number {
    return this.listenersOf(channel)?.size ?? 0
  }

  emit<C extends keyof Payloads>(channel: C, payload: Payloads[C]): void {
    this.listenersOf(channel)?.emit(payload)
  }

  clear(): void {
    for (const listeners of this.channels.values()) listeners.clear()
    this.channels.clear()
  }

  private listenersOf<C extends keyof Payloads>(channel: C): Listeners<Payloads[C]> | undefined {
    return this.channels.get(channel) as Listeners<Payloads[C]> | undefined
  }
}
