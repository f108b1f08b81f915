import { describe, expect, it } from 'vitest'
import { inProcessPortPair, type MessagePortLike } from '../../src-main/engine/port.js'
import { engineLinkFromPort } from '../../src-main/host/engine-link.js'
import type { EngineEvent } from '../../src-shared/contract.js'

const GONE = {
  ok: false,
  error: { code: 'UNAVAILABLE', message: 'The torrent engine stopped; try again.' },
}
const INFO_HASH = 'a'.repeat(40)

/** The far end of the port as a worker process would be: it answers only when told to. */
function fakeWorker(end: MessagePortLike) {
  const requests: Array<{ id: number; channel: string }> = []
  end.onMessage((message) => requests.push(message as { id: number; channel: string }))
  return {
    requests,
    answer(id: number, value: unknown) {
      end.postMessage({ kind: 'response', id, result: { ok: true, value } })
    },
    emit(event: string, payload: unknown) {
      end.postMessage({ kind: 'event', event, payload })
    },
  }
}

/** Stands in for a process's 'exit' event. */
function fakeExits() {
  const listeners = new Set<(reason: string) => void>()
  return {
    exits: (listener: (reason: string) => void) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    die: (reason: string) => {
      for (const listener of [...listeners]) listener(reason)
    },
  }
}

function setUp() {
  const [workerEnd, hostEnd] = inProcessPortPair()
  const worker = fakeWorker(workerEnd)
  const process = fakeExits()
  let closeCalls = 0
  const link = engineLinkFromPort(
    hostEnd,
    () => {
      closeCalls++
    },
    process.exits,
  )
  return { worker, process, link, closeCalls: () => closeCalls }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('an engine link whose process dies', () => {
  it('answers the requests the dead engine never answered, and every later one, with UNAVAILABLE', async () => {
    const { worker, process, link } = setUp()
    const answered = link.request('wt-list', {})
    const unanswered = link.request('wt-add', { torrentId: INFO_HASH })
    await tick()
    worker.answer(worker.requests[0]?.id ?? -1, { torrents: [] })
    expect(await answered).toEqual({ ok: true, value: { torrents: [] } })
    process.die('signal SIGKILL')
    expect(await unanswered).toEqual(GONE)
    expect(await link.request('wt-list', {})).toEqual(GONE)
    await tick()
    // Nothing more reaches the dead process.
    expect(worker.requests).toHaveLength(2)
  })

  it('tells each onExit listener why, once, and a late listener too', async () => {
    const { process, link } = setUp()
    const heard: string[] = []
    link.onExit?.((reason) => heard.push(`a: ${reason}`))
    const off = link.onExit?.((reason) => heard.push(`b: ${reason}`))
    off?.()
    process.die('exit code 1')
    process.die('exit code 1')
    expect(heard).toEqual(['a: exit code 1'])
    link.onExit?.((reason) => heard.push(`late: ${reason}`))
    await tick()
    expect(heard).toEqual(['a: exit code 1', 'late: exit code 1'])
  })

  it('stops passing on events once the process is gone', async () => {
    const { worker, process, link } = setUp()
    const events: EngineEvent[] = []
    link.onEvent((event) => events.push(event))
    worker.emit('wt-done', { infoHash: INFO_HASH })
    await tick()
    expect(events).toEqual([{ event: 'wt-done', payload: { infoHash: INFO_HASH } }])
    process.die('signal SIGSEGV')
    worker.emit('wt-done', { infoHash: INFO_HASH })
    await tick()
    expect(events).toHaveLength(1)
  })

  it('reports no exit for an engine that was asked to close', async () => {
    const { process, link, closeCalls } = setUp()
    const heard: string[] = []
    link.onExit?.((reason) => heard.push(reason))
    await link.close()
    expect(closeCalls()).toBe(1)
    // The process exiting because it was asked to is no crash.
    process.die('exit code 0')
    await tick()
    expect(heard).toEqual([])
  })

  it('has no onExit when nothing reports the process going away', () => {
    const [, hostEnd] = inProcessPortPair()
    expect(engineLinkFromPort(hostEnd, () => {}).onExit).toBeUndefined()
  })
})
