import type { Transport } from './connection.js'
import { ipcApi } from './ipc.js'
import { WebSocketApi } from './websocket.js'

export type { ConnectionStatus, Transport } from './connection.js'

/** Electron IPC in the desktop app; otherwise the headless server's WebSocket on this origin. */
export function createTransport(): Transport {
  const ipc = ipcApi()
  if (ipc) return { api: ipc, status: () => 'open', onStatus: () => () => {} }
  const ws = new WebSocketApi({ url: webSocketUrl(window.location.origin) })
  return { api: ws, status: () => ws.status, onStatus: (listener) => ws.onStatus(listener) }
}

export function webSocketUrl(origin: string): string {
  return `${origin.replace(/^http/, 'ws')}/ws`
}
