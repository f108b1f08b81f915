import { type ChildProcess, fork } from 'node:child_process'
import { PeerwatchError } from '../../src-shared/errors.js'
import type { EngineOptions } from '../engine/engine-options.js'
import { ipcPort } from '../engine/port.js'
import { engineLinkFromPort } from './engine-link.js'
import type { EngineFactory, EngineLink } from './types.js'

export interface ForkedEngineTimeouts {
  /** How long a new worker may take to say wt-ready. Default 20 s. */
  readyMs?: number
  /** How long a worker asked to stop may take before it is killed. Default 5 s. */
  stopMs?: number
}

const READY_MS = 20_000
const STOP_MS = 5_000
const STDERR_TAIL_CHARS = 2_000

/**
 * Runs each engine in its own Node process (the built worker, out/main/engine-worker.js), so a
 * crash inside the torrent code takes down only the engine: its link reports the exit and the
 * host starts another. `onProcess` sees each child: tests kill it; a shell that wants the
 * worker's stderr in its own log reads `child.stderr` (kept here only for start errors).
 */
export function forkedEngineFactory(
  workerPath: string,
  base: Partial<EngineOptions> = {},
  onProcess?: (child: ChildProcess) => void,
  timeouts: ForkedEngineTimeouts = {},
): EngineFactory {
  return async (options) => {
    const child = fork(workerPath, [], {
      // Structured clone, so .torrent bytes cross as Uint8Array.
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, PEERWATCH_ENGINE_OPTIONS: JSON.stringify({ ...base, ...options }) },
    })
    // A message sent while the process dies fails here; its request is answered once it has exited.
    child.on('error', () => {})
    const stderr = stderrTail(child)
    const exited = new Promise<string>((resolve) => {
      child.once('exit', (code, signal) => resolve(exitReason(code, signal)))
    })
    onProcess?.(child)
    const link = engineLinkFromPort(
      ipcPort(child),
      () => stop(child, exited, timeouts.stopMs ?? STOP_MS),
      (listener) => {
        let listening = true
        void exited.then((reason) => listening && listener(reason))
        return () => {
          listening = false
        }
      },
    )
    try {
      await handshake(link, child, stderr, timeouts.readyMs ?? READY_MS)
    } catch (err) {
      child.kill('SIGKILL')
      await link.close()
      throw err
    }
    return link
  }
}

/** Waits for wt-ready; a worker that exits first says why on stderr. */
function handshake(
  link: EngineLink,
  child: ChildProcess,
  stderr: () => string,
  readyMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false
    let off = (): void => {}
    const finish = (err?: Error): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      off()
      child.off('close', closed)
      if (err) reject(err)
      else resolve()
    }
    // 'close' rather than 'exit': by then everything the worker wrote to stderr has been read.
    const closed = (code: number | null, signal: NodeJS.Signals | null): void => {
      const why = stderr()
      // Plain, like Engine.start's own errors, so a bad download folder is reported as such.
      if (why) finish(new Error(why))
      else finish(notStarted(`The torrent engine did not start (${exitReason(code, signal)}).`))
    }
    const timer = setTimeout(() => finish(notStarted('The torrent engine did not start.')), readyMs)
    child.once('close', closed)
    off = link.onEvent((event) => event.event === 'wt-ready' && finish())
    if (settled) off()
  })
}

/** Asks the worker to stop (it closes its engine when the IPC channel goes), then insists. */
async function stop(child: ChildProcess, exited: Promise<string>, stopMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  if (child.connected) child.disconnect()
  else child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), stopMs)
  await exited
  clearTimeout(timer)
}

/** Why the worker failed, from the "peerwatch engine: why" line it prints before exiting. */
function stderrTail(child: ChildProcess): () => string {
  let tail = ''
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-STDERR_TAIL_CHARS)
  })
  return () => {
    const lines = tail.split('\n').filter((line) => line.startsWith('peerwatch engine:'))
    return (lines.at(-1) ?? '').replace('peerwatch engine:', '').trim()
  }
}

function notStarted(message: string): PeerwatchError {
  return new PeerwatchError('UNAVAILABLE', message)
}

function exitReason(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `exit code ${code ?? 'unknown'}`
}
