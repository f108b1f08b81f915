import { BrowserWindow, type Rectangle, screen, type WebContents } from 'electron'
import type { DocumentStore } from '../host/types.js'
import { urlWithHash } from './app-navigation.js'
import { originOf, pagePermission } from './page-permissions.js'
import { clampBounds, MIN_WINDOW_SIZE, parseWindowState, type WindowState } from './window-bounds.js'

const SAVE_BOUNDS_DELAY_MS = 500

export interface MainWindowOptions {
  preloadPath: string
  /** app://peerwatch/index.html, or the dev server's URL. */
  startUrl: string
  /** Where the size and position are kept between runs. */
  stateStore: DocumentStore<unknown>
  title: string
}

export interface MainWindow {
  window: BrowserWindow
  /** Moves the page to a route (`#/settings`) without reloading it. */
  navigate(hash: string): void
  /** Brings the window to the front (restored if minimised). */
  focus(): void
}

/** The one window: sandboxed, isolated, no navigation away, no new windows, bounds remembered. */
export async function createMainWindow(options: MainWindowOptions): Promise<MainWindow> {
  const saved = parseWindowState(await options.stateStore.load().catch(() => undefined))
  const bounds = clampBounds(saved?.bounds, workAreas())
  const window = new BrowserWindow({
    ...bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: options.title,
    show: false,
    backgroundColor: '#0e0f13',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  })
  if (saved?.maximized) window.maximize()
  lockDown(window.webContents, originOf(options.startUrl))
  rememberBounds(window, options.stateStore)
  window.once('ready-to-show', () => window.show())
  void window.loadURL(options.startUrl)

  return {
    window,
    navigate(hash) {
      if (window.isDestroyed()) return
      const target = urlWithHash(window.webContents.getURL() || options.startUrl, hash)
      // A hash-only change is a same-document navigation: the page follows it, nothing reloads.
      if (target) void window.webContents.loadURL(target).catch(() => {})
    },
    focus() {
      if (window.isDestroyed()) return
      if (window.isMinimized()) window.restore()
      if (!window.isVisible()) window.show()
      window.focus()
    },
  }
}

function lockDown(contents: WebContents, appOrigin: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  // In-page (hash) navigations do not come through here; loading anything else does.
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(pagePermission(permission, originOf(details.requestingUrl), appOrigin)),
  )
  contents.session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    pagePermission(permission, originOf(requestingOrigin), appOrigin),
  )
}

function workAreas(): Rectangle[] {
  const primary = screen.getPrimaryDisplay()
  const others = screen.getAllDisplays().filter((d) => d.id !== primary.id)
  return [primary, ...others].map((d) => d.workArea)
}

/** Saves the normal (not maximised) bounds shortly after each move or resize, and on close. */
function rememberBounds(window: BrowserWindow, store: DocumentStore<unknown>): void {
  let timer: NodeJS.Timeout | undefined
  const save = (): void => {
    clearTimeout(timer)
    if (window.isDestroyed() || window.isMinimized() || window.isFullScreen()) return
    const state: WindowState = { bounds: window.getNormalBounds(), maximized: window.isMaximized() }
    void store.save(state).catch(() => {})
  }
  const later = (): void => {
    clearTimeout(timer)
    timer = setTimeout(save, SAVE_BOUNDS_DELAY_MS)
  }
  window.on('resize', later)
  window.on('move', later)
  window.on('maximize', later)
  window.on('unmaximize', later)
  window.on('close', save)
}
