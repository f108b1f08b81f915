import { join } from 'node:path'
import {
  app,
  type BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  powerSaveBlocker,
  protocol,
  type WebContents,
} from 'electron'
import { version } from '../../package.json'
import { eventIpcChannel } from '../../src-preload/preload-api.js'
import { startAppHost } from '../host/app-host.js'
import { defaultSettings } from '../host/settings.js'
import type { AppHostHandle } from '../host/types.js'
import { defaultDataDir, desktopStateDir } from '../services/data-dir.js'
import { openExternalPlayer } from '../services/external-player.js'
import { defaultRendererDir, loadStaticSite } from '../web/static-files.js'
import { FOCUS_SEARCH_HASH, SETTINGS_HASH } from './app-navigation.js'
import {
  APP_ORIGIN,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  APP_START_URL,
  type AppResponse,
  appResponse,
} from './app-protocol.js'
import { ElectronStoreDocument } from './electron-store-document.js'
import { utilityEngineFactory } from './engine-process.js'
import { freeLoopbackPort } from './free-port.js'
import { type RelayWindow, startIpcRelay } from './ipc-relay.js'
import { createMainWindow, type MainWindow } from './main-window.js'
import { menuTemplate } from './menu-template.js'
import {
  OpenQueue,
  type OpenRequest,
  openRequest,
  openRequestFromArg,
  openRequestsFromArgv,
} from './open-requests.js'
import { PlaybackPowerSave } from './power-save.js'
import { forkUtilityEngine } from './utility-engine.js'

// Electron glue only: the window, the engine's process, the IPC relay, the OS's ways of opening
// things. Everything it composes is plain Node and tested without Electron.

const QUIT_TIMEOUT_MS = 8000
const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])
// One known folder whatever the app's name at runtime: the CLI reads the settings there too.
app.setPath('userData', desktopStateDir())

const opens = new OpenQueue()
let desktop: MainWindow | null = null

if (!app.requestSingleInstanceLock()) {
  // Another Peerwatch runs: it gets our argv through 'second-instance'.
  app.quit()
} else {
  opens.push(...openRequestsFromArgv(process.argv, process.cwd()))
  app.on('second-instance', (_event, argv, cwd) => {
    opens.push(...openRequestsFromArgv(argv, cwd))
    desktop?.focus()
  })
  app.on('open-url', (event, url) => {
    event.preventDefault()
    opens.push(openRequestFromArg(url, process.cwd()))
  })
  app.on('open-file', (event, path) => {
    event.preventDefault()
    opens.push(openRequestFromArg(path, process.cwd()))
  })
  // A development build does not take over magnet links from the installed app.
  if (app.isPackaged) app.setAsDefaultProtocolClient('magnet')
  app.on('window-all-closed', () => app.quit())
  app.on('activate', () => desktop?.focus())
  app.whenReady().then(start).catch(fail)
}

async function start(): Promise<void> {
  const streamPort = await freeLoopbackPort()
  const origin = devUrl ? new URL(devUrl).origin : APP_ORIGIN
  if (!devUrl) await serveRenderer(streamPort)

  const userData = app.getPath('userData')
  const warn = (message: string): void => console.warn(`peerwatch: ${message}`)
  const store = (name: string) => new ElectronStoreDocument({ name, cwd: userData, onWarning: warn })
  const power = new PlaybackPowerSave(powerSaveBlocker)
  const hostStarting = startAppHost({
    shell: 'desktop',
    version,
    // Every engine listens on the same port, the one this page's CSP allows media from.
    startEngine: utilityEngineFactory(forkUtilityEngine(join(import.meta.dirname, 'engine-worker.js')), {
      streamPort,
      corsOrigins: [origin],
    }),
    settingsStore: store('settings'),
    libraryStore: store('library'),
    defaults: defaultSettings(defaultDataDir()),
    openExternal: (url, title, playerPath) => openExternalPlayer(url, title, playerPath),
    choosePath: (setting, current) => choosePath(setting, current),
    onPlayback: (playing) => power.setPlaying(playing),
  })
  // Awaited below; until then a failure must not count as an unhandled rejection.
  hostStarting.catch(() => {})

  const main = await createMainWindow({
    preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
    startUrl: devUrl ?? APP_START_URL,
    stateStore: store('window-state'),
    title: 'Peerwatch',
  })
  desktop = main
  main.window.on('closed', () => power.release())
  const relayTo = relayWindow(main.window)
  const stopRelay = startIpcRelay({
    ipc: ipcMain,
    window: relayTo,
    api: hostStarting.then((h) => h.api),
    origin,
  })
  setMenu(main)

  const host = await hostStarting
  closeOnQuit(host, stopRelay, power)
  await pageLoaded(main.window.webContents)
  const warnPage = (message: string): void =>
    relayTo.send(eventIpcChannel('wt-warning'), { code: 'OPEN_FAILED', message })
  opens.attach((request) => void openAndShow(request, host, main, warnPage))
}

/** app://peerwatch/ answers from out/renderer, read once, with the CSP as a header. */
async function serveRenderer(streamPort: number): Promise<void> {
  const site = await loadStaticSite(defaultRendererDir())
  protocol.handle(APP_SCHEME, (request) =>
    toResponse(appResponse(site, request.method, request.url, streamPort)),
  )
}

function toResponse(answer: AppResponse): Response {
  const body =
    typeof answer.body === 'string' || answer.body === null ? answer.body : Buffer.from(answer.body)
  return new Response(body, { status: answer.status, headers: answer.headers })
}

async function openAndShow(
  request: OpenRequest,
  host: AppHostHandle,
  main: MainWindow,
  warn: (message: string) => void,
): Promise<void> {
  // The page asks the person first; it goes to the player once they accept.
  await openRequest(request, { offer: (torrent) => host.offerOpen(torrent), warn })
  main.focus()
}

function setMenu(main: MainWindow): void {
  const actions = {
    openTorrentFile: () => void pickTorrentFiles(main),
    openMagnetLink: () => {
      main.focus()
      main.navigate(FOCUS_SEARCH_HASH)
    },
    preferences: () => {
      main.focus()
      main.navigate(SETTINGS_HASH)
    },
  }
  const template = menuTemplate(process.platform, actions, { appName: app.name, dev: !app.isPackaged })
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}

async function pickTorrentFiles(main: MainWindow): Promise<void> {
  const picked = await dialog.showOpenDialog(main.window, {
    title: 'Open a torrent file',
    properties: ['openFile', 'multiSelections'],
    filters: [{ name: 'Torrent files', extensions: ['torrent'] }],
  })
  if (picked.canceled) return
  opens.push(...picked.filePaths.map((path): OpenRequest => ({ kind: 'torrent-file', path })))
}

/** The download folder or the player program, as the person picks it in the system's dialog. */
async function choosePath(
  setting: 'downloadDir' | 'externalPlayerPath',
  current: string,
): Promise<string | null> {
  const options: Electron.OpenDialogOptions =
    setting === 'downloadDir'
      ? {
          title: 'Where downloads go',
          defaultPath: current,
          properties: ['openDirectory', 'createDirectory'],
        }
      : {
          title: 'The player "Open in VLC" starts',
          ...(current ? { defaultPath: current } : {}),
          properties: ['openFile'],
        }
  const picked = desktop
    ? await dialog.showOpenDialog(desktop.window, options)
    : await dialog.showOpenDialog(options)
  return picked.canceled ? null : (picked.filePaths[0] ?? null)
}

function relayWindow(window: BrowserWindow): RelayWindow {
  return {
    mainFrame: () => (window.isDestroyed() ? null : window.webContents.mainFrame),
    send: (channel, payload) => {
      if (!window.isDestroyed()) window.webContents.send(channel, payload)
    },
  }
}

/** Resolves once the page has run its scripts (and so listens for events). */
function pageLoaded(contents: WebContents): Promise<void> {
  if (!contents.isLoading()) return Promise.resolve()
  return new Promise((resolve) => {
    contents.once('did-finish-load', () => resolve())
    contents.once('did-fail-load', () => resolve())
  })
}

/** Quitting waits (a little) for the host to close the engine and save the library. */
function closeOnQuit(host: AppHostHandle, stopRelay: () => void, power: PlaybackPowerSave): void {
  let closed = false
  let closing = false
  app.on('before-quit', (event) => {
    power.release()
    if (closed) return
    event.preventDefault()
    if (closing) return
    closing = true
    stopRelay()
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, QUIT_TIMEOUT_MS))
    void Promise.race([host.close().catch(() => {}), timeout]).then(() => {
      closed = true
      app.quit()
    })
  })
}

function fail(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err)
  console.error(`peerwatch: ${message}`)
  dialog.showErrorBox('Peerwatch could not start', message)
  app.exit(1)
}
