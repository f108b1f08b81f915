import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import {
  ALLOWED_EVENT_CHANNELS,
  ALLOWED_REQUEST_CHANNELS,
  createPreloadApi,
  type PreloadIpc,
} from '../../src-preload/preload-api.js'
import { EVENT_CHANNELS, REQUEST_CHANNELS } from '../../src-shared/contract.js'

/**
 * Stands in for Electron's ipcRenderer, which cannot run here: an EventEmitter (which is what
 * ipcRenderer is) that records invoke calls and delivers events with an IpcRendererEvent-like
 * first argument, as Electron does.
 */
class IpcRendererStandIn extends EventEmitter implements PreloadIpc {
  readonly invoked: unknown[][] = []
  answer: unknown = { ok: true, value: { torrents: [] } }

  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push([channel, ...args])
    return this.answer
  }

  deliver(channel: string, payload: unknown): void {
    this.emit(channel, { sender: this, senderId: 0, ports: [] }, payload)
  }
}

describe('the preload Api', () => {
  it('allows exactly the contract channels', () => {
    expect([...ALLOWED_REQUEST_CHANNELS].sort()).toEqual([...REQUEST_CHANNELS].sort())
    expect([...ALLOWED_EVENT_CHANNELS].sort()).toEqual([...EVENT_CHANNELS].sort())
    expect(ALLOWED_REQUEST_CHANNELS.size).toBe(REQUEST_CHANNELS.length)
    expect(ALLOWED_EVENT_CHANNELS.size).toBe(EVENT_CHANNELS.length)
  })

  it('sends a contract request over the one request channel and answers what main answers', async () => {
    const ipc = new IpcRendererStandIn()
    const api = createPreloadApi(ipc)
    expect(await api.request('wt-list', {})).toEqual({ ok: true, value: { torrents: [] } })
    const bytes = new Uint8Array([1, 2, 3])
    await api.request('wt-add', { torrentFile: bytes })
    expect(ipc.invoked).toEqual([
      ['peerwatch:request', 'wt-list', {}],
      ['peerwatch:request', 'wt-add', { torrentFile: bytes }],
    ])
  })

  it('refuses an unknown request channel itself with UNKNOWN_CHANNEL, without touching ipc', async () => {
    const ipc = new IpcRendererStandIn()
    const api = createPreloadApi(ipc)
    for (const channel of ['shell-open', 'peerwatch:request', '__proto__', 42]) {
      const result = await api.request(channel as never, {} as never)
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
    }
    expect(ipc.invoked).toEqual([])
  })

  it('refuses to listen on an unknown event channel, without touching ipc', () => {
    const ipc = new IpcRendererStandIn()
    const api = createPreloadApi(ipc)
    expect(() => api.on('peerwatch:request' as never, () => {})).toThrow(/UNKNOWN_CHANNEL/)
    expect(() => api.on('constructor' as never, () => {})).toThrow(/UNKNOWN_CHANNEL/)
    expect(ipc.eventNames()).toEqual([])
  })

  it('gives listeners the payload only, never the IPC event, and unsubscribes', () => {
    const ipc = new IpcRendererStandIn()
    const api = createPreloadApi(ipc)
    const seen: unknown[][] = []
    const off = api.on('wt-done', (...args: unknown[]) => seen.push(args))
    ipc.deliver('peerwatch:event:wt-done', { infoHash: 'a'.repeat(40) })
    ipc.deliver('peerwatch:event:wt-error', { code: 'INTERNAL', message: 'other channel' })
    expect(seen).toEqual([[{ infoHash: 'a'.repeat(40) }]])
    off()
    off()
    ipc.deliver('peerwatch:event:wt-done', { infoHash: 'b'.repeat(40) })
    expect(seen).toHaveLength(1)
    expect(ipc.listenerCount('peerwatch:event:wt-done')).toBe(0)
  })

  it('exposes nothing but request and on', () => {
    const api = createPreloadApi(new IpcRendererStandIn())
    expect(Object.keys(api).sort()).toEqual(['on', 'request'])
  })
})
