import type { EngineOptions } from '../engine/engine-options.js'
import {
  type EngineLaunchTimeouts,
  type EngineProcess,
  engineProcessFactory,
  type ProcessExit,
} from '../host/engine-launcher.js'
import type { EngineFactory } from '../host/types.js'

/** The part of Electron's UtilityProcess the engine uses (tests stand in for it). */
export interface UtilityProcessLike {
  readonly pid: number | undefined
  readonly stderr: NodeJS.ReadableStream | null
  postMessage(message: unknown): void
  on(event: 'message', listener: (message: unknown) => void): this
  off(event: 'message', listener: (message: unknown) => void): this
  once(event: 'exit', listener: (code: number) => void): this
  /** SIGTERM on POSIX: the worker closes its engine and exits. */
  kill(): boolean
}

/** Forks the engine worker as a utilityProcess with this environment. */
export type ForkUtilityProcess = (env: NodeJS.ProcessEnv) => UtilityProcessLike

/**
 * The EngineFactory the app host gets on the desktop: each engine in its own utilityProcess,
 * with the fixed options (`base`: the stream port, CORS for the page) under the settings' ones.
 */
export function utilityEngineFactory(
  forkUtility: ForkUtilityProcess,
  base: Partial<EngineOptions> = {},
  timeouts: EngineLaunchTimeouts = {},
): EngineFactory {
  return engineProcessFactory((env) => utilityEngineProcess(forkUtility(env)), base, timeouts)
}

/** A utilityProcess as the launcher sees it; what the worker writes to stderr joins the app's. */
export function utilityEngineProcess(child: UtilityProcessLike): EngineProcess {
  child.stderr?.on('data', (chunk: Uint8Array | string) => process.stderr.write(chunk))
  let hasExited = false
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code) => {
      hasExited = true
      resolve({ code, signal: null })
    })
  })
  return {
    port: {
      postMessage: (message) => {
        if (!hasExited) child.postMessage(message)
      },
      onMessage: (listener) => {
        child.on('message', listener)
        return () => child.off('message', listener)
      },
    },
    stderr: child.stderr,
    exited,
    askToStop: () => child.kill(),
    kill: () => {
      if (hasExited || child.pid === undefined) return
      try {
        process.kill(child.pid, 'SIGKILL')
      } catch {
        // It exited after all.
      }
    },
  }
}
