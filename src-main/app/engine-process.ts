import type { EngineOptions } from '../engine/engine-options.js'
import type { MessagePortLike } from '../engine/port.js'
import { engineLinkFromPort } from '../host/engine-link.js'
import type { EngineFactory, EngineLink } from '../host/types.js'

/** How long a new engine process may take to say wt-ready. */
export const ENGINE_START_TIMEOUT_MS = 30_000
/** How long a closing engine may take to exit before it is killed. */
export const ENGINE_STOP_TIMEOUT_MS = 5000

/** A forked engine worker (Electron's utilityProcess on the desktop; child_process in tests). */
export interface EngineProcess {
  port: MessagePortLike
  /** Subscribes to the process going away; answers an unsubscribe. */
  exits(listener: (reason: string) => void): () => void
  /** Asks the worker to shut down (SIGTERM: it closes the engine) and resolves once it exited. */
  stop(): Promise<void>
  /** The last lines the worker wrote to stderr (why it failed to start). */
  lastError(): string
}

/** Starts one engine worker process for these options (the worker reads them from its env). */
export type EngineProcessLauncher = (options: EngineOptions) => EngineProcess

/**
 * The EngineFactory the app host gets on the desktop: each engine in its own process, with the
 * fixed options (`base`: the stream port, CORS for the page) under the ones from settings.
 */
export function processEngineFactory(
  launch: EngineProcessLauncher,
  base: Partial<EngineOptions> = {},
  timeoutMs = ENGINE_START_TIMEOUT_MS,
): EngineFactory {
  return (options) => linkToEngineProcess(launch({ ...base, ...options }), timeoutMs)
}

/**
 * An EngineLink to a worker process, once it is up (wt-ready). A worker that exits first, or
 * says nothing in time, is a failed start: the promise rejects with what the worker wrote.
 */
export function linkToEngineProcess(
  proc: EngineProcess,
  timeoutMs = ENGINE_START_TIMEOUT_MS,
): Promise<EngineLink> {
  const link = engineLinkFromPort(proc.port, () => proc.stop(), proc.exits)
  return new Promise<EngineLink>((resolve, reject) => {
    let settled = false
    const offs: Array<() => void> = []
    const finish = (error: Error | null): void => {
      if (settled) return
      settled = true
      for (const off of offs.splice(0)) off()
      if (error) void link.close().finally(() => reject(error))
      else resolve(link)
    }
    const timer = setTimeout(() => finish(new Error('The torrent engine did not start in time.')), timeoutMs)
    offs.push(() => clearTimeout(timer))
    offs.push(
      proc.exits((reason) => {
        const detail = proc.lastError().trim() || reason
        finish(new Error(`The torrent engine could not start: ${detail}`))
      }),
    )
    offs.push(
      link.onEvent((event) => {
        if (event.event === 'wt-ready') finish(null)
      }),
    )
    if (settled) for (const off of offs.splice(0)) off()
  })
}

/** Keeps the tail of a worker's stderr, for the message of a failed start. */
export class StderrTail {
  private text = ''

  constructor(private readonly maxChars = 2000) {}

  append(chunk: Uint8Array | string): void {
    this.text = (this.text + String(chunk)).slice(-this.maxChars)
  }

  /** The last non-empty line, without the worker's own "peerwatch engine:" prefix. */
  lastLine(): string {
    const lines = this.text.split(/\r?\n/).filter((line) => line.trim() !== '')
    return (lines.at(-1) ?? '').replace(/^peerwatch engine:\s*/, '')
  }
}
