import { eventIpcChannel, REQUEST_IPC_CHANNEL } from '../../src-preload/preload-api.js'
import {
  type Api,
  type ApiError,
  EVENT_CHANNELS,
  isRequestChannel,
  type RequestChannel,
  type Result,
  requestSchemas,
} from '../../src-shared/contract.js'
import { toApiError } from '../../src-shared/errors.js'
import { requestProblem } from '../../src-shared/request-problems.js'

// The desktop's half of the bridge: requests from the preload reach the app host only from our
// own page in our own window, on a contract channel, with a payload the contract accepts.

/** What the relay needs to know of a frame (Electron's WebFrameMain has these). */
export interface RelayFrame {
  readonly frameToken: string
  readonly origin: string
}

export interface RelayInvokeEvent {
  readonly senderFrame: RelayFrame | null
}

/** ipcMain, as far as the relay uses it. */
export interface RelayIpc {
  handle(channel: string, listener: (event: RelayInvokeEvent, ...args: unknown[]) => unknown): void
  removeHandler(channel: string): void
}

/** The main window, as far as the relay uses it. */
export interface RelayWindow {
  /** The window's top frame, or null once the window is gone. */
  mainFrame(): RelayFrame | null
  send(channel: string, payload: unknown): void
}

export interface RelayOptions {
  ipc: RelayIpc
  window: RelayWindow
  /** The app host's Api; a promise while the host is still starting (requests wait for it). */
  api: Api | Promise<Api>
  /** The page's origin: app://peerwatch, or the dev server's in development. */
  origin: string
}

/** Starts relaying; the function it returns stops it (handler removed, events unsubscribed). */
export function startIpcRelay({ ipc, window, api, origin }: RelayOptions): () => void {
  const ready = Promise.resolve(api)
  let stopped = false
  const offs: Array<() => void> = []

  ipc.handle(REQUEST_IPC_CHANNEL, async (event, channel, payload) => {
    const checked = checkRequest(event, window.mainFrame(), origin, channel, payload)
    if (!checked.ok) return { ok: false, error: checked.error } satisfies Result<never>
    try {
      return await (await ready).request(checked.channel, checked.payload as never)
    } catch (err) {
      return { ok: false, error: toApiError(err) } satisfies Result<never>
    }
  })

  ready.then(
    (host) => {
      if (stopped) return
      for (const channel of EVENT_CHANNELS) {
        offs.push(host.on(channel, (payload) => window.send(eventIpcChannel(channel), payload)))
      }
    },
    // A host that failed to start answers each request with its error, above.
    () => {},
  )

  return () => {
    stopped = true
    ipc.removeHandler(REQUEST_IPC_CHANNEL)
    for (const off of offs.splice(0)) off()
  }
}

type Checked = { ok: true; channel: RequestChannel; payload: unknown } | { ok: false; error: ApiError }

/** The request as the contract parses it, or why it is refused. */
export function checkRequest(
  event: RelayInvokeEvent,
  mainFrame: RelayFrame | null,
  origin: string,
  channel: unknown,
  payload: unknown,
): Checked {
  const sender = event.senderFrame
  if (!sender || !mainFrame || sender.frameToken !== mainFrame.frameToken || sender.origin !== origin) {
    return refuse('BAD_REQUEST', 'Requests are accepted only from the Peerwatch window.')
  }
  if (typeof channel !== 'string' || !isRequestChannel(channel)) {
    return refuse('UNKNOWN_CHANNEL', `Unknown request "${String(channel).slice(0, 40)}".`)
  }
  const parsed = requestSchemas[channel].safeParse(payload)
  if (!parsed.success) return { ok: false, error: requestProblem(parsed.error) }
  return { ok: true, channel, payload: parsed.data }
}

function refuse(code: ApiError['code'], message: string): Checked {
  return { ok: false, error: { code, message } }
}
