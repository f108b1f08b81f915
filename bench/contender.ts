import { type ChildProcess, fork } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { CACHE_DIR } from './swarm.js'

export const CONTENDERS = {
  peerwatch: { script: 'peerwatch.mjs', options: { store: 'disk' } },
  'peerwatch-memory': { script: 'peerwatch.mjs', options: { store: 'memory' } },
  'webtorrent-server': { script: 'webtorrent-server.mjs', options: {} },
  peerflix: { script: 'peerflix.cjs', options: {} },
  libtorrent: { script: 'libtorrent.mjs', options: {} },
} as const
export type ContenderName = keyof typeof CONTENDERS

/** One fresh process of one contender, driven over IPC; its peak RSS (and its engine's) read from /proc. */
export class Contender {
  private nextId = 1
  private urlWaiter: ((url: string) => void) | null = null
  private readonly answers = new Map<number, (value: unknown) => void>()
  /** Rejects when the process dies, so nothing waits forever on a crashed contender. */
  private readonly died: Promise<never>

  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    /** Other processes the contender's engine runs in (its ready message names them). */
    private readonly enginePids: number[],
  ) {
    child.on('message', (raw) => {
      const m = raw as { type: string; url?: string; id?: number; value?: unknown }
      if (m.type === 'url' && m.url) this.urlWaiter?.(m.url)
      if ((m.type === 'has' || m.type === 'verified') && m.id !== undefined) {
        this.answers.get(m.id)?.(m.value)
        this.answers.delete(m.id)
      }
    })
    this.died = new Promise((_, reject) =>
      child.once('exit', (code) => reject(new Error(`the process exited with ${code}`))),
    )
    this.died.catch(() => undefined)
  }

  static async start(name: ContenderName): Promise<Contender> {
    const dir = await mkdtemp(join(CACHE_DIR, `run-${name}-`))
    const { script, options } = CONTENDERS[name]
    const child = fork(
      new URL(`./contenders/${script}`, import.meta.url).pathname,
      [JSON.stringify({ ...options, downloadDir: dir })],
      {
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      },
    )
    const enginePids = await new Promise<number[]>((resolve, reject) => {
      child.once('message', (m) => resolve((m as { pids?: number[] }).pids ?? []))
      child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before it was ready`)))
    })
    return new Contender(child, dir, enginePids)
  }

  /** Adds the magnet; resolves with the stream URL of the film. */
  add(magnet: string, peers: string[]): Promise<string> {
    const url = new Promise<string>((resolve) => {
      this.urlWaiter = resolve
    })
    this.child.send({ cmd: 'add', magnet, peers })
    return Promise.race([url, this.died])
  }

  has(start: number, end: number): Promise<boolean> {
    return this.ask({ cmd: 'has', start, end }).then(Boolean)
  }

  /** Bytes of the film the contender has downloaded and checked. */
  verified(): Promise<number> {
    return this.ask({ cmd: 'verified' }).then(Number)
  }

  private ask(message: Record<string, unknown>): Promise<unknown> {
    const id = this.nextId++
    const answer = new Promise<unknown>((resolve) => {
      this.answers.set(id, resolve)
      this.child.send({ ...message, id })
    })
    return Promise.race([answer, this.died])
  }

  /** Peak resident memory so far (VmHWM) of the process and its engine's, summed, in MiB. */
  async peakRssMB(): Promise<number> {
    const peaks = await Promise.all(
      [this.child.pid, ...this.enginePids].map(async (pid) => {
        const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
        return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0)
      }),
    )
    return peaks.reduce((sum, kb) => sum + kb, 0) / 1024
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve))
      this.child.kill('SIGKILL')
      await exited
    }
    await rm(this.dir, { recursive: true, force: true })
  }
}
