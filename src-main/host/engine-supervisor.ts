import type {
  EngineEvent,
  EngineRequestChannel,
  RequestPayload,
  ResponseValues,
  Result,
} from '../../src-preload/contract.js'
import type { EngineOptions } from '../engine/engine-options.js'
import { toApiError } from '../engine/errors.js'
import type { EngineFactory, EngineLink } from './types.js'

/** How long a restart lets requests already in the old engine finish before closing it. */
const DRAIN_MS = 10_000

/**
 * Owns the current engine. Requests made while an engine starts or restarts wait for it
 * instead of failing; a restart lets the requests already in flight finish first.
 */
export class EngineSupervisor {
  private current: Promise<EngineLink>
  private readonly inFlight = new Set<Promise<unknown>>()
  private readonly unsubscribe = new Map<EngineLink, () => void>()
  private closed = false

  constructor(
    private readonly startEngine: EngineFactory,
    private readonly onEvent: (event: EngineEvent) => void,
  ) {
    this.current = Promise.reject(new Error('no engine started'))
    this.current.catch(() => {})
  }

  /** Starts the first engine; a failure is kept and answered to each request. */
  start(options: EngineOptions): Promise<EngineLink> {
    return this.replace(() => this.launch(options))
  }

  /**
   * Closes the running engine and starts one with new options. `beforeClose` sees the old
   * engine once the requests in flight have finished (to note what was open).
   */
  restart(
    options: EngineOptions,
    beforeClose?: (previous: EngineLink) => Promise<void>,
  ): Promise<EngineLink> {
    return this.replace(async (previous) => {
      if (previous) await this.retire(previous, beforeClose)
      return this.launch(options)
    })
  }

  /** The running engine, or null when it failed to start or is being replaced. */
  async running(): Promise<EngineLink | null> {
    return this.current.catch(() => null)
  }

  async request<C extends EngineRequestChannel>(
    channel: C,
    payload: RequestPayload<C>,
  ): Promise<Result<ResponseValues[C]>> {
    if (this.closed) return shuttingDown()
    let link: EngineLink
    try {
      link = await this.current
    } catch (err) {
      return { ok: false, error: toApiError(err) }
    }
    if (this.closed) return shuttingDown()
    const answer = link
      .request(channel, payload)
      .catch((err: unknown): Result<ResponseValues[C]> => ({ ok: false, error: toApiError(err) }))
    this.inFlight.add(answer)
    void answer.finally(() => this.inFlight.delete(answer))
    return answer
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    const link = await this.running()
    if (link) await this.retire(link)
  }

  private replace(next: (previous: EngineLink | null) => Promise<EngineLink>): Promise<EngineLink> {
    const started = this.running().then(next)
    this.current = started
    started.catch(() => {})
    return started
  }

  private async launch(options: EngineOptions): Promise<EngineLink> {
    const link = await this.startEngine(options)
    if (this.closed) {
      await link.close()
      throw new Error('Peerwatch is shutting down.')
    }
    this.unsubscribe.set(link, link.onEvent(this.onEvent))
    return link
  }

  private async retire(link: EngineLink, beforeClose?: (link: EngineLink) => Promise<void>): Promise<void> {
    const drained = Promise.allSettled([...this.inFlight])
    await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, DRAIN_MS).unref())])
    await beforeClose?.(link).catch(() => {})
    this.unsubscribe.get(link)?.()
    this.unsubscribe.delete(link)
    await link.close()
  }
}

function shuttingDown(): Result<never> {
  return { ok: false, error: { code: 'UNAVAILABLE', message: 'Peerwatch is shutting down.' } }
}
