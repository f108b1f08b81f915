import { execFileSync, fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type EngineProcess,
  linkToEngineProcess,
  processEngineFactory,
  StderrTail,
} from '../../src-main/app/engine-process.js'
import { freeLoopbackPort } from '../../src-main/app/free-port.js'
import type { EngineOptions } from '../../src-main/engine/engine-options.js'
import { ipcPort } from '../../src-main/engine/port.js'
import type { EngineLink } from '../../src-main/host/types.js'
import type { EngineEvent } from '../../src-shared/contract.js'
import { httpGet } from '../helpers/engine.js'

// The desktop forks the worker with Electron's utilityProcess; here the same worker runs under
// child_process.fork (a real process either way), behind the same EngineProcess shape.

const WORKER = join(import.meta.dirname, '../../out/main/engine-worker.js')
let dir: string

beforeAll(async () => {
  if (!existsSync(WORKER)) execFileSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' })
  dir = await mkdtemp(join(tmpdir(), 'pw-engine-process-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const children: Array<ReturnType<typeof fork>> = []

function launchChild(options: EngineOptions): EngineProcess & { pid: number } {
  const child = fork(WORKER, [], {
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, PEERWATCH_ENGINE_OPTIONS: JSON.stringify(options) },
  })
  children.push(child)
  const stderr = new StderrTail()
  child.stderr?.on('data', (chunk: Buffer) => stderr.append(chunk))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    pid: child.pid ?? 0,
    port: ipcPort(child),
    exits: (listener) => {
      const onExit = (code: number | null, signal: string | null) =>
        listener(`the engine process exited (${signal ?? code})`)
      child.on('exit', onExit)
      return () => child.off('exit', onExit)
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    },
    lastError: () => stderr.lastLine(),
  }
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
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

describe('the engine in its own process', () => {
  it('starts with the fixed stream port and CORS for the page, and keeps the port on restart', async () => {
    const streamPort = await freeLoopbackPort()
    const factory = processEngineFactory(launchChild, {
      streamPort,
      corsOrigins: ['app://peerwatch'],
      discovery: false,
    })
    const options = { downloadDir: join(dir, 'downloads') }
    const link = await factory(options)
    const ready = await waitForEvent(link, 'wt-ready')
    expect(ready.payload).toMatchObject({ origin: `http://127.0.0.1:${streamPort}` })
    expect(await link.request('wt-list', {})).toEqual({ ok: true, value: { torrents: [] } })
    const answer = await httpGet(`http://127.0.0.1:${streamPort}/nope`, { origin: 'app://peerwatch' })
    expect(answer.headers['access-control-allow-origin']).toBe('app://peerwatch')
    const foreign = await httpGet(`http://127.0.0.1:${streamPort}/nope`, { origin: 'https://evil.example' })
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined()
    await link.close()

    const restarted = await factory(options)
    expect((await waitForEvent(restarted, 'wt-ready')).payload).toMatchObject({
      origin: `http://127.0.0.1:${streamPort}`,
    })
    await restarted.close()
  })

  it('rejects a start the worker cannot make, with the reason it gave', async () => {
    const notAFolder = join(dir, 'a-file')
    await writeFile(notAFolder, 'x')
    const start = linkToEngineProcess(
      launchChild({ downloadDir: join(notAFolder, 'downloads'), discovery: false }),
    )
    await expect(start).rejects.toThrow(
      /^The torrent engine could not start: .*(ENOTDIR|EEXIST|not a directory)/,
    )
  })

  it('gives up on a worker that never says it is ready', async () => {
    const silent: EngineProcess = {
      port: { postMessage: () => {}, onMessage: () => () => {} },
      exits: () => () => {},
      stop: async () => {},
      lastError: () => '',
    }
    await expect(linkToEngineProcess(silent, 50)).rejects.toThrow('The torrent engine did not start in time.')
  })

  it('tells the host when the process dies, and answers requests UNAVAILABLE from then on', async () => {
    const proc = launchChild({ downloadDir: join(dir, 'crash'), discovery: false })
    const link = await linkToEngineProcess(proc)
    const reason = new Promise<string>((resolve) => link.onExit?.(resolve))
    process.kill(proc.pid, 'SIGKILL')
    expect(await reason).toMatch(/SIGKILL/)
    expect(await link.request('wt-list', {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } })
  })
})

describe('StderrTail', () => {
  it('keeps the last line of what the worker wrote, without its prefix', () => {
    const tail = new StderrTail(64)
    tail.append('starting\n')
    tail.append('peerwatch engine: EACCES: permission denied, mkdir /x\n\n')
    expect(tail.lastLine()).toBe('EACCES: permission denied, mkdir /x')
    tail.append('x'.repeat(100))
    expect(tail.lastLine()).toHaveLength(64)
  })
})
