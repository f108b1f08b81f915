import { type ChildProcess, execFileSync, fork } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { constants, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type UtilityProcessLike, utilityEngineFactory } from '../../src-main/app/engine-process.js'
import { freeLoopbackPort } from '../../src-main/app/free-port.js'
import type { EngineLaunchTimeouts } from '../../src-main/host/engine-launcher.js'
import type { EngineLink } from '../../src-main/host/types.js'
import type { EngineEvent } from '../../src-shared/contract.js'
import { httpGet } from '../helpers/engine.js'

// Electron cannot run here, so its utilityProcess is stood in for by the same worker under
// child_process.fork, dressed as a UtilityProcess: a real process and the real launcher.

const WORKER = join(import.meta.dirname, '../../out/main/engine-worker.js')
let dir: string

beforeAll(async () => {
  if (!existsSync(WORKER)) execFileSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' })
  dir = await mkdtemp(join(tmpdir(), 'pw-engine-process-'))
})

/** What Electron's utilityProcess shows of a worker: messages, an exit code, stderr, kill(). */
class ForkedUtilityProcess extends EventEmitter implements UtilityProcessLike {
  readonly child: ChildProcess
  readonly exit: Promise<number>

  constructor(workerPath: string, env: NodeJS.ProcessEnv) {
    super()
    this.child = fork(workerPath, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env,
    })
    this.child.on('error', () => {})
    this.child.on('message', (message) => this.emit('message', message))
    this.exit = new Promise((resolve) => {
      // Electron reports a number only, as waitpid does for a process a signal ended.
      this.child.once('exit', (code, signal) => {
        const exitCode = code ?? 128 + (signal ? constants.signals[signal] : 0)
        this.emit('exit', exitCode)
        resolve(exitCode)
      })
    })
  }

  get pid(): number | undefined {
    return this.child.pid
  }

  get stderr(): NodeJS.ReadableStream | null {
    return this.child.stderr
  }

  postMessage(message: unknown): void {
    this.child.send(message as never)
  }

  kill(): boolean {
    return this.child.kill('SIGTERM')
  }
}

const forked: ForkedUtilityProcess[] = []

function factory(workerPath: string, base = {}, timeouts: EngineLaunchTimeouts = {}) {
  const forkUtility = (env: NodeJS.ProcessEnv) => {
    const proc = new ForkedUtilityProcess(workerPath, env)
    forked.push(proc)
    return proc
  }
  return utilityEngineFactory(forkUtility, { discovery: false, ...base }, timeouts)
}

afterAll(async () => {
  for (const proc of forked) if (proc.child.exitCode === null) proc.child.kill('SIGKILL')
  await rm(dir, { recursive: true, force: true })
})

function waitForEvent(link: EngineLink, event: EngineEvent['event']): Promise<EngineEvent> {
  // wt-ready is replayed to a late subscriber at once, inside onEvent.
  return new Promise((resolve) => {
    let off: (() => void) | undefined
    let done = false
    off = link.onEvent((e) => {
      if (e.event !== event || done) return
      done = true
      off?.()
      resolve(e)
    })
    if (done) off()
  })
}

describe('the desktop engine in its own process', () => {
  it('starts with the fixed stream port and CORS for the page, and keeps the port on restart', async () => {
    const streamPort = await freeLoopbackPort()
    const start = factory(WORKER, { streamPort, corsOrigins: ['app://peerwatch'] })
    const options = { downloadDir: join(dir, 'downloads') }
    const link = await start(options)
    const ready = await waitForEvent(link, 'wt-ready')
    expect(ready.payload).toMatchObject({ origin: `http://127.0.0.1:${streamPort}` })
    expect(await link.request('wt-list', {})).toEqual({ ok: true, value: { torrents: [] } })
    const answer = await httpGet(`http://127.0.0.1:${streamPort}/nope`, { origin: 'app://peerwatch' })
    expect(answer.headers['access-control-allow-origin']).toBe('app://peerwatch')
    const foreign = await httpGet(`http://127.0.0.1:${streamPort}/nope`, { origin: 'https://evil.example' })
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined()
    await link.close()
    // Asked to stop, the worker closed its engine and exited by itself.
    expect(await forked.at(-1)?.exit).toBe(0)

    const restarted = await start(options)
    expect((await waitForEvent(restarted, 'wt-ready')).payload).toMatchObject({
      origin: `http://127.0.0.1:${streamPort}`,
    })
    await restarted.close()
  })

  it('rejects a start the worker cannot make, with the reason it gave', async () => {
    const notAFolder = join(dir, 'a-file')
    await writeFile(notAFolder, 'x')
    const start = factory(WORKER)({ downloadDir: join(notAFolder, 'downloads') })
    await expect(start).rejects.toThrow(/^(?!peerwatch engine).*(ENOTDIR|EEXIST|not a directory)/)
  })

  it('gives up on a worker that never says it is ready, and ends it', async () => {
    const idle = join(dir, 'idle.cjs')
    await writeFile(idle, 'setInterval(() => {}, 1000)\n')
    const start = factory(idle, {}, { readyMs: 500 })({ downloadDir: join(dir, 'idle') })
    await expect(start).rejects.toThrow('The torrent engine did not start in time.')
    expect(await forked.at(-1)?.exit).toBe(128 + constants.signals.SIGKILL)
  })

  it('tells the host when the process dies, and answers requests UNAVAILABLE from then on', async () => {
    const link = await factory(WORKER)({ downloadDir: join(dir, 'crash') })
    const reason = new Promise<string>((resolve) => link.onExit?.(resolve))
    forked.at(-1)?.child.kill('SIGKILL')
    expect(await reason).toBe(`exit code ${128 + constants.signals.SIGKILL}`)
    expect(await link.request('wt-list', {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } })
  })
})
