import type {
  EngineEvent,
  EngineRequestChannel,
  RequestPayload,
  ResponseValues,
  Result,
} from '../../src-shared/contract.js'
import { PeerwatchError, toApiError } from '../../src-shared/errors.js'
import type { EngineOptions } from '../engine/engine-options.js'
import type { EngineFactory, EngineLink } from './types.js'

/** How long a restart lets requests already in the old engine finish before closing it. */
const DRAIN_MS = 10_000
/** Waits before each restart after a crash; when all are used up without a lasting engine, it stays down. */
const RESTART_DELAYS_MS: readonly number[] = [500, 1_000, 2_000, 4_000, 8_000]
/** An engine that ran this long before dying was not part of a crash loop: the count starts again. */
const LASTING_MS = 60_000
const KEEPS_STOPPING = 'The torrent engine keeps stopping: restart Peerwatch.'

/** What the host does when an engine died on its own. */
export interface CrashRecovery {
  /** A new engine took the place of the one that died: open again what was open. */
  reopen(): Promise<void>
  /** Every restart failed: nothing is open any more. */
  gaveUp(): void
}

/**
 * Owns the current engine. Requests made while an engine starts or restarts wait for it
 * instead of failing; a restart lets the requests already in flight finish first. An engine
 * that dies on its own is replaced with one started with the same options, after each of
 * `restartDelaysMs` in turn.
 */
export class EngineSupervisor {
  private current: Promise<EngineLink>
  private readonly inFlight = new Set<Promise<unknown>>()
  private readonly unsubscribe = new Map<EngineLink, () => void>()
  private closed = false
  /** The options of the engine that runs now, for a restart after a crash. */
  private options: EngineOptions | null = null
  private restartsInRow = 0
  private wakeFromBackoff: (() => void) | null = null

  constructor(
    private readonly startEngine: EngineFactory,
    private readonly onEvent: (event: EngineEvent) => void,
    private readonly recovery?: CrashRecovery,
    private readonly restartDelaysMs: readonly number[] = RESTART_DELAYS_MS,
  ) {
    this.current = Promise.reject(new Error('no engine started'))
    this.current.catch(() => {})
  }

  /** Starts the first engine; a failure is kept and answered to each request. */
  start(options: EngineOptions): Promise<EngineLink> {
    this.restartsInRow = 0
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
    this.restartsInRow = 0
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
    this.wakeFromBackoff?.()
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
    this.options = options
    const startedAt = Date.now()
    const offEvents = link.onEvent(this.onEvent)
    const offExit = link.onExit?.(() => this.crashed(link, Date.now() - startedAt))
    this.unsubscribe.set(link, () => {
      offEvents()
      offExit?.()
    })
    return link
  }

  /**
   * Queued behind any restart already under way: when that one replaced the dead engine, there
   * is nothing left to do.
   */
  private crashed(dead: EngineLink, ranMs: number): void {
    if (this.closed) return
    if (ranMs >= LASTING_MS) this.restartsInRow = 0
    const before = this.current
    let recovering = false
    const replaced = this.replace(async (previous) => {
      if (previous !== dead) return before
      recovering = true
      this.unsubscribe.get(dead)?.()
      this.unsubscribe.delete(dead)
      this.onEvent({ event: 'app-engine-status', payload: { state: 'restarting' } })
      return this.relaunch()
    })
    replaced.then(
      () => {
        if (!recovering || this.closed) return
        this.onEvent({ event: 'app-engine-status', payload: { state: 'running' } })
        void this.recovery?.reopen()
      },
      () => {},
    )
  }

  private async relaunch(): Promise<EngineLink> {
    const options = this.options
    while (options && this.restartsInRow < this.restartDelaysMs.length) {
      await this.backoff(this.restartDelaysMs[this.restartsInRow] ?? 0)
      this.restartsInRow++
      if (this.closed) break
      try {
        return await this.launch(options)
      } catch {}
    }
    if (this.closed) throw new PeerwatchError('UNAVAILABLE', 'Peerwatch is shutting down.')
    this.recovery?.gaveUp()
    this.onEvent({ event: 'wt-error', payload: { code: 'TORRENT_FAILED', message: KEEPS_STOPPING } })
    throw new PeerwatchError('UNAVAILABLE', KEEPS_STOPPING)
  }

  /** A pause that close() cuts short. */
  private backoff(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer)
        this.wakeFromBackoff = null
        resolve()
      }
      const timer = setTimeout(wake, ms)
      this.wakeFromBackoff = wake
    })
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
