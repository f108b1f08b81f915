import { type ChildProcess, fork } from 'node:child_process'
import type { EngineOptions } from '../engine/engine-options.js'
import { ipcPort } from '../engine/port.js'
import {
  type EngineLaunchTimeouts,
  type EngineProcess,
  engineProcessFactory,
  type ProcessExit,
} from './engine-launcher.js'
import type { EngineFactory } from './types.js'

/**
 * Runs each engine as a Node child process of the built worker (out/main/engine-worker.js).
 * `onProcess` sees each child: tests kill it; a shell that wants the worker's stderr in its own
 * log reads `child.stderr`.
 */
export function forkedEngineFactory(
  workerPath: string,
  base: Partial<EngineOptions> = {},
  onProcess?: (child: ChildProcess) => void,
  timeouts: EngineLaunchTimeouts = {},
): EngineFactory {
  return engineProcessFactory((env) => forkEngineProcess(workerPath, env, onProcess), base, timeouts)
}

function forkEngineProcess(
  workerPath: string,
  env: NodeJS.ProcessEnv,
  onProcess?: (child: ChildProcess) => void,
): EngineProcess {
  const child = fork(workerPath, [], {
    // Structured clone, so .torrent bytes cross as Uint8Array.
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env,
  })
  // A message sent while the process dies fails here; its request is answered once it has exited.
  child.on('error', () => {})
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
  })
  onProcess?.(child)
  return {
    port: ipcPort(child),
    stderr: child.stderr,
    exited,
    askToStop: () => {
      // The worker closes its engine when the IPC channel goes.
      if (child.connected) child.disconnect()
      else child.kill('SIGTERM')
    },
    kill: () => child.kill('SIGKILL'),
  }
}
