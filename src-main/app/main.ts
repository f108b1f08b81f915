import { join } from 'node:path'
import { app, BrowserWindow, ipcMain, utilityProcess } from 'electron'
import { EVENT_CHANNELS, isRequestChannel, type Result, requestSchemas } from '../../src-preload/contract.js'
import { defaultDownloadDir } from '../engine/data-dir.js'
import { electronParentPort } from '../engine/port.js'
import { connectEngine } from '../engine/worker.js'

// Electron glue only: a window, the engine in its own process, and the IPC relay between them.

function forkEngine() {
  const child = utilityProcess.fork(join(import.meta.dirname, 'engine-worker.js'), [], {
    serviceName: 'Peerwatch engine',
    env: { ...process.env, PEERWATCH_ENGINE_OPTIONS: JSON.stringify({ downloadDir: defaultDownloadDir() }) },
  })
  // The parent side of a utilityProcess delivers bare messages; present them as the child sees them.
  const wrap = new Map<(e: { data: unknown }) => void, (data: unknown) => void>()
  const port = electronParentPort({
    postMessage: (message) => child.postMessage(message),
    on: (_event, listener) => {
      const bare = (data: unknown): void => listener({ data })
      wrap.set(listener, bare)
      return child.on('message', bare)
    },
    off: (_event, listener) => child.off('message', wrap.get(listener) ?? (() => undefined)),
  })
  return { child, api: connectEngine(port) }
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 760,
    backgroundColor: '#0e0f13',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  })
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  win.webContents.on('will-navigate', (event) => event.preventDefault())
  const devUrl = process.env.ELECTRON_RENDERER_URL
  if (devUrl) void win.loadURL(devUrl)
  else void win.loadFile(join(import.meta.dirname, '../renderer/index.html'))
  return win
}

function refuse(code: 'BAD_REQUEST' | 'UNKNOWN_CHANNEL', message: string): Result<never> {
  return { ok: false, error: { code, message } }
}

void app.whenReady().then(() => {
  const engine = forkEngine()
  const win = createWindow()
  for (const channel of EVENT_CHANNELS) {
    engine.api.on(channel, (payload) => win.webContents.send(`peerwatch:event:${channel}`, payload))
  }
  ipcMain.handle('peerwatch:request', (event, channel: unknown, payload: unknown) => {
    if (event.senderFrame !== win.webContents.mainFrame) return refuse('BAD_REQUEST', 'Unknown sender.')
    if (typeof channel !== 'string' || !isRequestChannel(channel))
      return refuse('UNKNOWN_CHANNEL', 'Unknown request.')
    const parsed = requestSchemas[channel].safeParse(payload)
    if (!parsed.success) return refuse('BAD_REQUEST', `Invalid ${channel} request.`)
    return engine.api.request(channel, parsed.data as never)
  })
  app.on('window-all-closed', () => {
    engine.child.kill()
    app.quit()
  })
})
