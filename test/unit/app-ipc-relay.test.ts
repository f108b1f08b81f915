import { EventEmitter } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  type RelayFrame,
  type RelayInvokeEvent,
  type RelayIpc,
  type RelayWindow,
  startIpcRelay,
} from '../../src-main/app/ipc-relay.js'
import { startAppHost } from '../../src-main/host/app-host.js'
import type { AppHostHandle } from '../../src-main/host/types.js'
import { createPreloadApi } from '../../src-preload/preload-api.js'
import type { Api, RequestChannel } from '../../src-shared/contract.js'
import { TEST_VERSION, testHostOptions } from '../helpers/app-host.js'

// The relay runs against the real app host (an in-process engine, JSON files in a temp folder).
// Only Electron's ipcMain and window are stood in for, because Electron cannot run here.

const ORIGIN = 'app://peerwatch'
const MAIN_FRAME: RelayFrame = { frameToken: 'main-frame-token', origin: ORIGIN }

/** ipcMain's handle/removeHandler, and invoke as ipcRenderer.invoke reaches it from a frame. */
class IpcMainStandIn implements RelayIpc {
  private readonly handlers = new Map<string, (event: RelayInvokeEvent, ...args: unknown[]) => unknown>()

  handle(channel: string, listener: (event: RelayInvokeEvent, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, listener)
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }

  async invoke(frame: RelayFrame | null, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel)
    if (!handler) throw new Error(`No handler registered for '${channel}'`)
    return handler({ senderFrame: frame }, ...args)
  }
}

/** The main window: its top frame, and what webContents.send delivered to the page. */
class WindowStandIn implements RelayWindow {
  readonly sent: Array<[string, unknown]> = []
  readonly page = new EventEmitter()
  frame: RelayFrame | null = MAIN_FRAME

  mainFrame(): RelayFrame | null {
    return this.frame
  }

  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload])
    this.page.emit(channel, { sender: 'ipcRenderer' }, payload)
  }
}

let dir: string
let host: AppHostHandle
let reached: RequestChannel[]
let ipc: IpcMainStandIn
let window: WindowStandIn
let stop: (() => void) | undefined

/** The host's Api, noting each request that gets through to it. */
function recording(api: Api): Api {
  return {
    request: (channel, payload) => {
      reached.push(channel)
      return api.request(channel, payload)
    },
    on: (channel, listener) => api.on(channel, listener),
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-relay-'))
  host = await startAppHost(testHostOptions(dir, { shell: 'desktop' }))
})

afterAll(async () => {
  stop?.()
  await host?.close()
  await rm(dir, { recursive: true, force: true })
})

beforeEach(() => {
  stop?.()
  reached = []
  ipc = new IpcMainStandIn()
  window = new WindowStandIn()
  stop = startIpcRelay({ ipc, window, api: recording(host.api), origin: ORIGIN })
})

const request = (frame: RelayFrame | null, channel: unknown, payload: unknown) =>
  ipc.invoke(frame, 'peerwatch:request', channel, payload)

describe('the IPC relay', () => {
  it('passes a valid request from the main frame to the host and answers its result', async () => {
    const answer = await request(MAIN_FRAME, 'settings-get', {})
    expect(answer).toMatchObject({ ok: true, value: { downloadDir: join(dir, 'downloads'), store: 'disk' } })
    expect(await request(MAIN_FRAME, 'app-info', {})).toEqual({
      ok: true,
      value: { shell: 'desktop', version: TEST_VERSION, canOpenExternal: false, media: expect.any(Object) },
    })
    expect(reached).toEqual(['settings-get', 'app-info'])
  })

  it('refuses frames other than the main window top frame on our origin', async () => {
    const foreign: Array<RelayFrame | null> = [
      null,
      { frameToken: 'an-iframe', origin: ORIGIN },
      { frameToken: MAIN_FRAME.frameToken, origin: 'https://evil.example' },
      { frameToken: MAIN_FRAME.frameToken, origin: 'file://' },
    ]
    for (const frame of foreign) {
      expect(await request(frame, 'settings-get', {})).toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST', message: 'Requests are accepted only from the Peerwatch window.' },
      })
    }
    window.frame = null // the window is gone
    expect(await request(MAIN_FRAME, 'settings-get', {})).toMatchObject({ ok: false })
    expect(reached).toEqual([])
  })

  it('refuses channels outside the contract with UNKNOWN_CHANNEL', async () => {
    for (const channel of ['shell-open-external', 'toString', '__proto__', 42, undefined]) {
      expect(await request(MAIN_FRAME, channel, {})).toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_CHANNEL' },
      })
    }
    expect(reached).toEqual([])
  })

  it('refuses payloads the contract rejects with BAD_REQUEST', async () => {
    const bad: Array<[string, unknown]> = [
      ['wt-add', { torrentId: 5 }],
      ['wt-add', { torrentFile: 'not bytes' }],
      ['wt-remove', { infoHash: 'not-a-hash' }],
      ['player-position', { infoHash: 'a'.repeat(40), fileIndex: -1, position: 1, duration: 2 }],
      ['player-playing', { playing: 'yes' }],
      ['search', null],
    ]
    for (const [channel, payload] of bad) {
      const answer = await request(MAIN_FRAME, channel, payload)
      expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
      // A sentence, not the schema's words.
      expect((answer as { error: { message: string } }).error.message).not.toMatch(
        /Invalid|expected|Too (big|small)/,
      )
    }
    expect(reached).toEqual([])
  })

  it('sends every host event to the window on its own channel', async () => {
    const answer = await request(MAIN_FRAME, 'settings-set', { retentionHours: 48 })
    expect(answer).toMatchObject({ ok: true, value: { retentionHours: 48 } })
    const changed = window.sent.find(([channel]) => channel === 'peerwatch:event:settings-changed')
    expect(changed?.[1]).toMatchObject({ retentionHours: 48 })
    expect(window.sent.every(([channel]) => channel.startsWith('peerwatch:event:'))).toBe(true)
  })

  it('stops: the handler is removed and events no longer reach the window', async () => {
    await request(MAIN_FRAME, 'settings-get', {})
    const before = window.sent.length
    stop?.()
    stop = undefined
    await expect(request(MAIN_FRAME, 'settings-get', {})).rejects.toThrow(/No handler registered/)
    await host.api.request('settings-set', { retentionHours: 36 })
    expect(window.sent).toHaveLength(before)
  })

  it('carries the preload Api end to end: requests, bytes, and events to its listeners', async () => {
    const preload = createPreloadApi({
      invoke: (channel, ...args) => ipc.invoke(MAIN_FRAME, channel, ...args),
      on: (channel, listener) => window.page.on(channel, listener),
      removeListener: (channel, listener) => window.page.off(channel, listener),
    })
    const seen: unknown[] = []
    const off = preload.on('settings-changed', (settings) => seen.push(settings.retentionHours))
    expect(await preload.request('settings-set', { retentionHours: 12 })).toMatchObject({ ok: true })
    expect(seen).toEqual([12])
    off()
    await preload.request('settings-set', { retentionHours: 24 })
    expect(seen).toEqual([12])
    // A .torrent's bytes get through the contract check; these are not a torrent, so the engine says so.
    const add = await preload.request('wt-add', { torrentFile: new Uint8Array([1, 2, 3]) })
    expect(add).toMatchObject({ ok: false, error: { code: 'BAD_TORRENT_FILE' } })
    expect(reached).toEqual(['settings-set', 'settings-set', 'wt-add'])
  })

  it('holds requests made while the host is still starting, then answers them', async () => {
    stop?.()
    let ready: (api: Api) => void = () => {}
    const starting = new Promise<Api>((resolve) => {
      ready = resolve
    })
    stop = startIpcRelay({ ipc, window, api: starting, origin: ORIGIN })
    const early = request(MAIN_FRAME, 'app-info', {})
    const refused = await request({ frameToken: 'x', origin: ORIGIN }, 'app-info', {})
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    ready(recording(host.api))
    expect(await early).toMatchObject({ ok: true, value: { shell: 'desktop' } })
  })
})
