// @vitest-environment node
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { webSocketUrl } from '../../src-renderer/transport/index.js'
import { CONNECTION_LOST, WebSocketApi } from '../../src-renderer/transport/websocket.js'
import { decodeWireMessage, encodeWireMessage } from '../../src-shared/wire-codec.js'

const HASH = 'c'.repeat(40)
type Request = { kind: 'request'; id: number; channel: string; payload: Record<string, unknown> }

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  vi.useRealTimers()
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

/** A real WebSocket server on loopback that hands each request to `handle`. */
async function startServer(handle: (request: Request, socket: WebSocket) => void) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws' })
  await once(wss, 'listening')
  wss.on('connection', (socket) =>
    socket.on('message', (data) => handle(decodeWireMessage(String(data)) as Request, socket)),
  )
  cleanups.push(() => new Promise((resolve) => wss.close(resolve)))
  const { port } = wss.address() as AddressInfo
  return { wss, url: webSocketUrl(`http://127.0.0.1:${port}`) }
}

function answer(socket: WebSocket, request: Request, value: unknown) {
  socket.send(encodeWireMessage({ kind: 'response', id: request.id, result: { ok: true, value } }))
}

function client(url: string, options: { minDelayMs?: number } = {}) {
  const api = new WebSocketApi({ url, createSocket: (u) => new WebSocket(u), ...options })
  cleanups.push(() => api.close())
  return api
}

/** Polls with setImmediate, which the fake timers below leave alone. */
async function until(condition: () => boolean) {
  for (let i = 0; i < 5000 && !condition(); i++) await new Promise((r) => setImmediate(r))
  expect(condition()).toBe(true)
}

describe('WebSocket transport', () => {
  it('builds the /ws URL of this origin', () => {
    expect(webSocketUrl('http://192.168.1.5:8080')).toBe('ws://192.168.1.5:8080/ws')
    expect(webSocketUrl('https://films.example')).toBe('wss://films.example/ws')
  })

  it('answers requests, including ones made before the socket opened, and carries bytes', async () => {
    const { url } = await startServer((request, socket) => {
      if (request.channel === 'app-info')
        answer(socket, request, { shell: 'web', version: '1', canOpenExternal: false })
      if (request.channel === 'wt-add') {
        const bytes = request.payload.torrentFile as Uint8Array
        answer(socket, request, { infoHash: HASH, got: [...bytes] })
      }
    })
    const api = client(url)
    expect(api.status).toBe('connecting')
    const first = api.request('app-info', {})
    const second = api.request('wt-add', { torrentFile: new Uint8Array([1, 2, 250]) })
    expect(await first).toEqual({ ok: true, value: { shell: 'web', version: '1', canOpenExternal: false } })
    expect(await second).toEqual({ ok: true, value: { infoHash: HASH, got: [1, 2, 250] } })
    expect(api.status).toBe('open')
  })

  it('delivers events that match the contract and drops the rest', async () => {
    const { wss, url } = await startServer((request, socket) => answer(socket, request, { torrents: [] }))
    const api = client(url)
    const seen: unknown[] = []
    api.on('wt-done', (p) => seen.push(p))
    await api.request('wt-list', {})
    const [socket] = [...wss.clients]
    const event = (event: string, payload: unknown) =>
      socket?.send(encodeWireMessage({ kind: 'event', event, payload }))
    event('wt-done', { infoHash: 'not a hash' })
    event('wt-nonsense', { infoHash: HASH })
    socket?.send('{not json')
    event('wt-done', { infoHash: HASH })
    await until(() => seen.length > 0)
    expect(seen).toEqual([{ infoHash: HASH }])
  })

  it('answers UNAVAILABLE for a request in flight when the socket drops, then reconnects', async () => {
    const { url } = await startServer((request, socket) => {
      if (request.channel === 'search') socket.terminate()
      else answer(socket, request, { items: [] })
    })
    const api = client(url)
    const statuses: string[] = []
    api.onStatus((s) => statuses.push(s))
    const lost = await api.request('search', { query: 'film' })
    expect(lost).toEqual({ ok: false, error: CONNECTION_LOST })
    expect(CONNECTION_LOST.message).toBe('Lost the connection to Peerwatch. Try again.')
    await until(() => api.status === 'reconnecting')
    const again = api.request('library-list', {})
    expect(await again).toEqual({ ok: true, value: { items: [] } })
    expect(statuses).toEqual(['open', 'reconnecting', 'open'])
  })

  it('waits 0.5 s, then doubles up to 5 s between attempts while the server is gone', async () => {
    const { wss, url } = await startServer(() => {})
    await new Promise((resolve) => wss.close(resolve))
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    let attempts = 0
    const api = new WebSocketApi({
      url,
      createSocket: (u) => {
        attempts++
        return new WebSocket(u)
      },
    })
    cleanups.push(() => api.close())
    for (const delay of [500, 1000, 2000, 4000, 5000, 5000]) {
      await until(() => vi.getTimerCount() === 1)
      const before = attempts
      vi.advanceTimersByTime(delay - 1)
      expect(attempts).toBe(before)
      vi.advanceTimersByTime(1)
      expect(attempts).toBe(before + 1)
    }
    expect(api.status).toBe('reconnecting')
  })
})
