import { PeerwatchError } from '../../src-shared/errors.js'
import type { EngineOptions } from '../engine/engine-options.js'
import type { MessagePortLike } from '../engine/port.js'
import { engineLinkFromPort } from './engine-link.js'
import type { EngineFactory, EngineLink } from './types.js'

/** How long a new worker may take to say wt-ready: a cold start on a busy machine included. */
const ENGINE_READY_MS = 30_000
/** How long a worker asked to stop may take to close its torrents before it is killed. */
const ENGINE_STOP_MS = 5_000

export interface EngineLaunchTimeouts {
  /** Default ENGINE_READY_MS. */
  readyMs?: number
  /** Default ENGINE_STOP_MS. */
  stopMs?: number
}

/** How a worker process ended: its exit code, or the signal that ended it. */
export interface ProcessExit {
  code: number | null
  signal: string | null
}

/**
 * One engine worker process just forked, as child_process and Electron's utilityProcess can
 * both present it. The launcher owns everything else: the handshake, the timeouts, the errors.
 */
export interface EngineProcess {
  /** The worker protocol's channel to the process. */
  readonly port: MessagePortLike
  /** Where the worker writes "peerwatch engine: why" before it gives up; null if not piped. */
  readonly stderr: NodeJS.ReadableStream | null
  /** Settles once the process has exited. */
  readonly exited: Promise<ProcessExit>
  /** Asks the worker to close its engine and exit. */
  askToStop(): void
  /** Ends the process at once. */
  kill(): void
}

/** Forks the worker with this environment, which carries its options. */
export type SpawnEngineProcess = (env: NodeJS.ProcessEnv) => EngineProcess

/**
 * An EngineFactory that runs each engine in its own process, so a crash inside the torrent
 * code takes down only that engine: its link reports the exit and the host starts another.
 * `base` holds the options fixed for every engine (a stream port, say), under the settings' own.
 */
export function engineProcessFactory(
  spawn: SpawnEngineProcess,
  base: Partial<EngineOptions> = {},
  timeouts: EngineLaunchTimeouts = {},
): EngineFactory {
  return (options) => launchEngine(spawn(engineWorkerEnv({ ...base, ...options })), timeouts)
}

/** The environment of a worker: the parent's, and the options worker-entry.ts reads. */
function engineWorkerEnv(options: Partial<EngineOptions>): NodeJS.ProcessEnv {
  return { ...process.env, PEERWATCH_ENGINE_OPTIONS: JSON.stringify(options) }
}

/**
 * The link to a worker once it has said wt-ready. A worker that exits first fails the start
 * with the reason it wrote; one silent for `readyMs` is killed and fails it too.
 */
async function launchEngine(proc: EngineProcess, timeouts: EngineLaunchTimeouts = {}): Promise<EngineLink> {
  const stderr = new WorkerStderr(proc.stderr)
  let hasExited = false
  const exited = proc.exited.then((exit) => {
    hasExited = true
    return exit
  })
  const link = engineLinkFromPort(
    proc.port,
    () => stop(proc, () => hasExited, exited, timeouts.stopMs ?? ENGINE_STOP_MS),
    (listener) => {
      let listening = true
      void exited.then((exit) => listening && listener(exitReason(exit)))
      return () => {
        listening = false
      }
    },
  )
  const gone = Promise.all([exited, stderr.ended]).then(([exit]) => exit)
  try {
    await readyOrGone(link, gone, stderr, timeouts.readyMs ?? ENGINE_READY_MS)
  } catch (err) {
    if (!hasExited) proc.kill()
    await link.close()
    throw err
  }
  return link
}

/**
 * What a worker that died before it was ready says about why: the last "peerwatch engine:" line
 * of its stderr, as a plain message (a bad download folder is then reported as such), else
 * how it ended.
 */
export function startFailure(stderrText: string, exit: ProcessExit): Error {
  const lines = stderrText.split(/\r?\n/).filter((line) => line.startsWith(WORKER_PREFIX))
  const why = (lines.at(-1) ?? '').slice(WORKER_PREFIX.length).trim()
  if (why) return new Error(why)
  return new PeerwatchError('UNAVAILABLE', `The torrent engine did not start (${exitReason(exit)}).`)
}

const WORKER_PREFIX = 'peerwatch engine:'
const STDERR_TAIL_CHARS = 2_000

/** The tail of a worker's stderr, read for its whole life so the pipe never fills. */
class WorkerStderr {
  /** Settles once everything the worker wrote has been read. */
  readonly ended: Promise<void>
  private tail = ''
  private readonly decoder = new TextDecoder()

  constructor(stream: NodeJS.ReadableStream | null) {
    stream?.on('data', (chunk: Uint8Array | string) => {
      const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true })
      this.tail = (this.tail + text).slice(-STDERR_TAIL_CHARS)
    })
    this.ended = new Promise((resolve) => {
      if (!stream) return resolve()
      stream.once('end', resolve)
      stream.once('close', resolve)
      stream.once('error', () => resolve())
    })
  }

  text(): string {
    return this.tail
  }
}

function readyOrGone(
  link: EngineLink,
  gone: Promise<ProcessExit>,
  stderr: WorkerStderr,
  readyMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false
    let offReady = (): void => {}
    const finish = (err?: Error): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      offReady()
      if (err) reject(err)
      else resolve()
    }
    const timer = setTimeout(
      () => finish(new PeerwatchError('UNAVAILABLE', 'The torrent engine did not start in time.')),
      readyMs,
    )
    void gone.then((exit) => finish(startFailure(stderr.text(), exit)))
    // wt-ready is replayed to a late subscriber at once, inside onEvent.
    offReady = link.onEvent((event) => event.event === 'wt-ready' && finish())
    if (settled) offReady()
  })
}

/** Asks the worker to stop, then insists once `stopMs` has passed. */
async function stop(
  proc: EngineProcess,
  hasExited: () => boolean,
  exited: Promise<ProcessExit>,
  stopMs: number,
): Promise<void> {
  if (hasExited()) return
  proc.askToStop()
  const timer = setTimeout(() => proc.kill(), stopMs)
  await exited
  clearTimeout(timer)
}

function exitReason(exit: ProcessExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code ?? 'unknown'}`
}
