import { act } from '@testing-library/react'
import type {
  Api,
  EventChannel,
  EventPayload,
  RequestChannel,
  RequestPayload,
  ResponseValues,
  Result,
} from '../../../src-shared/contract.js'
import { appInfo, settings } from './fixtures.js'

type Answer<C extends RequestChannel> =
  | Result<ResponseValues[C]>
  | ((payload: RequestPayload<C>) => Result<ResponseValues[C]> | Promise<Result<ResponseValues[C]>>)
type Answers = { [C in RequestChannel]?: Answer<C> }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })

/**
 * The one stand-in in these tests: an Api that records requests, answers from a table and lets
 * a test push engine events. The real backend is tested on its own and end to end in Chromium.
 */
export class FakeApi implements Api {
  readonly requests: Array<{ channel: RequestChannel; payload: unknown }> = []
  private readonly answers: Answers = {
    'app-info': ok(appInfo()),
    'settings-get': ok(settings()),
    'library-list': ok({ items: [] }),
    'wt-list': ok({ torrents: [] }),
    'wt-media-info': ok({ info: null, problem: null }),
    'player-position': ok({ saved: true }),
  }
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>()

  answer<C extends RequestChannel>(channel: C, answer: Answer<C>): this {
    ;(this.answers as Record<string, unknown>)[channel] = answer
    return this
  }

  async request<C extends RequestChannel>(
    channel: C,
    payload: RequestPayload<C>,
  ): Promise<Result<ResponseValues[C]>> {
    this.requests.push({ channel, payload })
    const answer = this.answers[channel] as Answer<C> | undefined
    if (!answer) return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `No answer for ${channel}` } }
    return typeof answer === 'function' ? answer(payload) : answer
  }

  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void {
    const set = this.listeners.get(channel) ?? new Set()
    this.listeners.set(channel, set)
    set.add(listener as (payload: unknown) => void)
    return () => set.delete(listener as (payload: unknown) => void)
  }

  /** Pushes an engine event to the page, inside act so React settles before the test looks. */
  emit<C extends EventChannel>(channel: C, payload: EventPayload<C>): void {
    act(() => {
      for (const listener of this.listeners.get(channel) ?? []) listener(payload)
    })
  }

  /** The payloads sent on one channel, in order. */
  sent<C extends RequestChannel>(channel: C): Array<RequestPayload<C>> {
    return this.requests.filter((r) => r.channel === channel).map((r) => r.payload as RequestPayload<C>)
  }
}
