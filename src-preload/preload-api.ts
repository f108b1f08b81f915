import {
  type Api,
  EVENT_CHANNELS,
  type EventChannel,
  REQUEST_CHANNELS,
  type RequestChannel,
  type Result,
} from '../src-shared/contract.js'

// What the page gets as window.peerwatch: the contract's channels and nothing raw. Built from
// contract.ts only; the main process checks every request again, with the zod schemas.

/** The channels the preload carries (the main process listens on the same names). */
export const REQUEST_IPC_CHANNEL = 'peerwatch:request'
export const eventIpcChannel = (channel: EventChannel): string => `peerwatch:event:${channel}`

/** ipcRenderer, as far as the preload uses it. */
export interface PreloadIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
}

export const ALLOWED_REQUEST_CHANNELS: ReadonlySet<string> = new Set(REQUEST_CHANNELS)
export const ALLOWED_EVENT_CHANNELS: ReadonlySet<string> = new Set(EVENT_CHANNELS)

export function createPreloadApi(ipc: PreloadIpc): Api {
  const api = {
    request(channel: RequestChannel, payload: unknown): Promise<Result<unknown>> {
      if (typeof channel !== 'string' || !ALLOWED_REQUEST_CHANNELS.has(channel)) {
        return Promise.resolve(unknownChannel(`Unknown request "${String(channel).slice(0, 40)}".`))
      }
      return ipc.invoke(REQUEST_IPC_CHANNEL, channel, payload) as Promise<Result<unknown>>
    },
    on(channel: EventChannel, listener: (payload: unknown) => void): () => void {
      if (typeof channel !== 'string' || !ALLOWED_EVENT_CHANNELS.has(channel)) {
        throw new Error(`UNKNOWN_CHANNEL: there is no event "${String(channel).slice(0, 40)}".`)
      }
      if (typeof listener !== 'function') throw new TypeError('The listener must be a function.')
      // The page sees the payload only, never Electron's event object (it holds the sender).
      const wrapped = (_event: unknown, payload: unknown): void => listener(payload)
      const name = eventIpcChannel(channel)
      ipc.on(name, wrapped)
      let subscribed = true
      return () => {
        if (!subscribed) return
        subscribed = false
        ipc.removeListener(name, wrapped)
      }
    },
  }
  return api as Api
}

function unknownChannel(message: string): Result<never> {
  return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message } }
}
