// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ipcApi } from '../../src-renderer/transport/ipc.js'
import { FakeApi, ok } from './helpers/fake-api.js'

afterEach(() => {
  delete window.peerwatch
  vi.restoreAllMocks()
})

describe('desktop (IPC) transport', () => {
  it('is absent without the preload bridge', () => {
    expect(ipcApi()).toBeUndefined()
  })

  it('passes requests through, and answers a failed IPC call as an error', async () => {
    const bridge = new FakeApi().answer('wt-list', ok({ torrents: [] }))
    window.peerwatch = bridge
    const api = ipcApi()
    expect(await api?.request('wt-list', {})).toEqual({ ok: true, value: { torrents: [] } })
    vi.spyOn(bridge, 'request').mockRejectedValue(new Error('No handler registered'))
    expect(await api?.request('wt-list', {})).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'No handler registered' },
    })
  })

  it('drops events that do not match the contract', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const bridge = new FakeApi()
    window.peerwatch = bridge
    const seen: unknown[] = []
    ipcApi()?.on('wt-done', (p) => seen.push(p))
    bridge.emit('wt-done', { infoHash: 'nope' })
    bridge.emit('wt-done', { infoHash: 'e'.repeat(40) })
    expect(seen).toEqual([{ infoHash: 'e'.repeat(40) }])
  })
})
