import type { Api, ApiError } from '../../src-shared/contract.js'
import { parseEvent } from './validate-events.js'

declare global {
  interface Window {
    peerwatch?: Api
  }
}

/**
 * The desktop preload's Api, with events checked against the contract like every other
 * boundary, and a failed IPC call answered as an error instead of thrown at the page.
 */
export function ipcApi(): Api | undefined {
  const bridge = window.peerwatch
  if (!bridge) return undefined
  const api: Api = {
    request: (channel, payload) =>
      bridge.request(channel, payload).catch((err: unknown) => ({ ok: false, error: internalError(err) })),
    on: (channel, listener) =>
      bridge.on(channel, (payload) => {
        const valid = parseEvent(channel, payload)
        if (valid !== undefined) listener(valid)
      }),
  }
  return api
}

function internalError(err: unknown): ApiError {
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) }
}
