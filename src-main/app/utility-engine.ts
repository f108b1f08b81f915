import { utilityProcess } from 'electron'
import type { EngineOptions } from '../engine/engine-options.js'
import { electronParentPort } from '../engine/port.js'
import { ENGINE_STOP_TIMEOUT_MS, type EngineProcess, StderrTail } from './engine-process.js'

/**
 * Forks the engine worker as an Electron utilityProcess (a Node process of Electron's own,
 * no renderer); its options go in PEERWATCH_ENGINE_OPTIONS, as worker-entry.ts reads them.
 */
export function launchUtilityEngine(workerPath: string, options: EngineOptions): EngineProcess {
  const child = utilityProcess.fork(workerPath, [], {
    serviceName: 'Peerwatch engine',
    stdio: ['ignore', 'inherit', 'pipe'],
    env: { ...process.env, PEERWATCH_ENGINE_OPTIONS: JSON.stringify(options) },
  })
  const stderr = new StderrTail()
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr.append(chunk)
    process.stderr.write(chunk)
  })
  let exited = false
  const exitedOnce = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true
      resolve()
    }),
  )
  // The parent's side delivers bare messages; present them as the child's parentPort does.
  const wrapped = new Map<(event: { data: unknown }) => void, (data: unknown) => void>()
  const port = electronParentPort({
    postMessage: (message) => {
      if (!exited) child.postMessage(message)
    },
    on: (_event, listener) => {
      const bare = (data: unknown): void => listener({ data })
      wrapped.set(listener, bare)
      child.on('message', bare)
    },
    off: (_event, listener) => {
      const bare = wrapped.get(listener)
      if (bare) child.off('message', bare)
      wrapped.delete(listener)
    },
  })
  return {
    port,
    exits: (listener) => {
      const onExit = (code: number): void => listener(`the engine process exited with code ${code}`)
      child.on('exit', onExit)
      return () => child.off('exit', onExit)
    },
    stop: async () => {
      if (exited) return
      child.kill()
      // SIGTERM lets the worker close its torrents; a worker that hangs is not waited for.
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(resolve, ENGINE_STOP_TIMEOUT_MS, 'timeout')
      })
      const outcome = await Promise.race([exitedOnce, timeout])
      clearTimeout(timer)
      if (outcome === 'timeout' && child.pid) forceKill(child.pid)
    },
    lastError: () => stderr.lastLine(),
  }
}

function forceKill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // It exited after all.
  }
}
