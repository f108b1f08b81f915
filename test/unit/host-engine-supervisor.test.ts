import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EngineOptions } from '../../src-main/engine/engine-options.js'
import { inProcessPortPair } from '../../src-main/engine/port.js'
import { engineLinkFromPort } from '../../src-main/host/engine-link.js'
import { EngineSupervisor } from '../../src-main/host/engine-supervisor.js'
import type { EngineFactory } from '../../src-main/host/types.js'
import type { EngineEvent } from '../../src-shared/contract.js'

const OPTIONS: EngineOptions = { downloadDir: '/films', idleSeconds: 180 }
const KEEPS_STOPPING = 'The torrent engine keeps stopping: restart Peerwatch.'

interface FakeEngine {
  options: EngineOptions
  /** Requests it received (and answered, unless told to hold them). */
  received: string[]
  die(reason: string): void
}

/**
 * Engines behind real links whose "process" can die. Like a real worker, one asked to close
 * exits too: that exit must never count as a crash.
 */
function fakeEngines() {
  const engines: FakeEngine[] = []
  /** When each start was tried, by the (fake) clock. */
  const attempts: number[] = []
  const state = { failStarts: false, holdAnswers: false }
  const factory: EngineFactory = async (options) => {
    attempts.push(Date.now())
    if (state.failStarts) throw new Error('the worker did not start')
    const [workerEnd, hostEnd] = inProcessPortPair()
    const number = engines.length + 1
    const received: string[] = []
    workerEnd.onMessage((raw) => {
      const { id, channel } = raw as { id: number; channel: string }
      received.push(channel)
      if (state.holdAnswers) return
      workerEnd.postMessage({ kind: 'response', id, result: { ok: true, value: { torrents: [], number } } })
    })
    const exitListeners = new Set<(reason: string) => void>()
    const die = (reason: string): void => {
      for (const listener of [...exitListeners]) listener(reason)
    }
    const link = engineLinkFromPort(
      hostEnd,
      () => die('exit code 0'),
      (listener) => {
        exitListeners.add(listener)
        return () => exitListeners.delete(listener)
      },
    )
    engines.push({ options, received, die })
    return link
  }
  return { engines, attempts, state, factory }
}

let fakes: ReturnType<typeof fakeEngines>
let events: EngineEvent[]
let reopened: number
let gaveUp: number
let supervisor: EngineSupervisor

const statuses = () => events.filter((e) => e.event === 'app-engine-status').map((e) => e.payload)
const errors = () => events.filter((e) => e.event === 'wt-error').map((e) => e.payload)

beforeEach(async () => {
  vi.useFakeTimers()
  fakes = fakeEngines()
  events = []
  reopened = 0
  gaveUp = 0
  supervisor = new EngineSupervisor(fakes.factory, (event) => events.push(event), {
    reopen: async () => {
      reopened++
    },
    gaveUp: () => {
      gaveUp++
    },
  })
  await supervisor.start(OPTIONS)
})

afterEach(async () => {
  await supervisor.close()
  vi.useRealTimers()
})

describe('the engine supervisor when its engine dies', () => {
  it('says it is restarting, starts an engine with the same options, and reopens what was open', async () => {
    fakes.state.holdAnswers = true
    const inFlight = supervisor.request('wt-list', {})
    await vi.advanceTimersByTimeAsync(0)
    fakes.engines[0]?.die('signal SIGKILL')
    fakes.state.holdAnswers = false
    expect(await inFlight).toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'The torrent engine stopped; try again.' },
    })
    const whileRestarting = supervisor.request('wt-list', {})
    await vi.advanceTimersByTimeAsync(0)
    expect(statuses()).toEqual([{ state: 'restarting' }])
    expect(fakes.engines).toHaveLength(1)

    await vi.advanceTimersByTimeAsync(500)
    expect(fakes.engines.map((e) => e.options)).toEqual([OPTIONS, OPTIONS])
    expect(await whileRestarting).toEqual({ ok: true, value: { torrents: [], number: 2 } })
    expect(statuses()).toEqual([{ state: 'restarting' }, { state: 'running' }])
    expect(reopened).toBe(1)
  })

  it('gives up after five failed starts in a row, waiting longer each time, and says so', async () => {
    fakes.state.failStarts = true
    const diedAt = Date.now()
    fakes.engines[0]?.die('exit code 1')
    await vi.advanceTimersByTimeAsync(60_000)
    const waits = fakes.attempts.slice(1).map((at, i) => at - (i === 0 ? diedAt : (fakes.attempts[i] ?? 0)))
    expect(waits).toEqual([500, 1_000, 2_000, 4_000, 8_000])
    expect(errors()).toEqual([{ code: 'TORRENT_FAILED', message: KEEPS_STOPPING }])
    expect(gaveUp).toBe(1)
    expect(await supervisor.request('wt-list', {})).toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: KEEPS_STOPPING },
    })
  })

  it('gives up on an engine that starts but dies at once, five times in a row', async () => {
    for (let crash = 0; crash < 6; crash++) {
      fakes.engines.at(-1)?.die('exit code 1')
      await vi.advanceTimersByTimeAsync(10_000)
    }
    expect(fakes.engines).toHaveLength(6)
    expect(errors()).toEqual([{ code: 'TORRENT_FAILED', message: KEEPS_STOPPING }])
    expect(statuses().at(-1)).toEqual({ state: 'restarting' })
  })

  it('counts again from zero after an engine that ran for a while', async () => {
    for (let crash = 0; crash < 10; crash++) {
      await vi.advanceTimersByTimeAsync(61_000)
      fakes.engines.at(-1)?.die('signal SIGSEGV')
    }
    await vi.advanceTimersByTimeAsync(1_000)
    expect(fakes.engines).toHaveLength(11)
    expect(errors()).toEqual([])
    expect(await supervisor.request('wt-list', {})).toMatchObject({ ok: true, value: { number: 11 } })
  })

  it('a settings restart or closing is no crash: no status, no extra engine, nothing reopened', async () => {
    await supervisor.restart({ ...OPTIONS, idleSeconds: 600 })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(fakes.engines.map((e) => e.options.idleSeconds)).toEqual([180, 600])
    await supervisor.close()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(fakes.engines).toHaveLength(2)
    expect(statuses()).toEqual([])
    expect(reopened).toBe(0)
  })

  it('an engine that dies while a settings restart replaces it is replaced once', async () => {
    const restarted = supervisor.restart({ ...OPTIONS, idleSeconds: 600 })
    fakes.engines[0]?.die('signal SIGKILL')
    await restarted
    await vi.advanceTimersByTimeAsync(10_000)
    expect(fakes.engines.map((e) => e.options.idleSeconds)).toEqual([180, 600])
    expect(statuses()).toEqual([])
    expect(await supervisor.request('wt-list', {})).toMatchObject({ ok: true, value: { number: 2 } })
  })

  it('closing during the wait before a restart does not wait it out', async () => {
    fakes.state.failStarts = true
    fakes.engines[0]?.die('exit code 1')
    await vi.advanceTimersByTimeAsync(2_000)
    let closed = false
    void supervisor.close().then(() => {
      closed = true
    })
    await vi.advanceTimersByTimeAsync(0)
    expect(closed).toBe(true)
    expect(fakes.attempts).toHaveLength(3)
    expect(errors()).toEqual([])
  })
})
