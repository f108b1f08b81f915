import { contextBridge, ipcRenderer } from 'electron'
import {
  type Api,
  EVENT_CHANNELS,
  type EventChannel,
  REQUEST_CHANNELS,
  type RequestChannel,
} from './contract.js'

// The renderer gets exactly the contract's channels, nothing raw: an allowlist, checked here
// and again (with the zod schemas) in the main process.
const requestChannels = new Set<string>(REQUEST_CHANNELS)
const eventChannels = new Set<string>(EVENT_CHANNELS)

const api: Api = {
  request(channel: RequestChannel, payload: unknown) {
    if (!requestChannels.has(channel)) return Promise.reject(new Error(`Unknown request channel ${channel}`))
    return ipcRenderer.invoke('peerwatch:request', channel, payload)
  },
  on(channel: EventChannel, listener: (payload: never) => void) {
    if (!eventChannels.has(channel)) throw new Error(`Unknown event channel ${channel}`)
    const wrapped = (_event: unknown, payload: unknown): void => listener(payload as never)
    ipcRenderer.on(`peerwatch:event:${channel}`, wrapped)
    return () => ipcRenderer.off(`peerwatch:event:${channel}`, wrapped)
  },
} as Api

contextBridge.exposeInMainWorld('peerwatch', api)
