import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

/** The repository root, where the built CLI lives at out/main/cli.js. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const BUILT_CLI = fileURLToPath(new URL('../../out/main/cli.js', import.meta.url))

export interface CliEvent {
  event: string
  [key: string]: unknown
}

export interface CliExit {
  code: number | null
  signal: NodeJS.Signals | null
}

const running = new Set<CliProcess>()

/**
 * The built CLI as a real child process, with its stdout collected line by line so a test can
 * wait for a line (or an NDJSON event) to appear. Failures carry everything printed so far.
 */
export class CliProcess {
  readonly child: ChildProcess
  readonly lines: string[] = []
  stderr = ''
  readonly exited: Promise<CliExit>
  private pending = ''
  private readonly wakers = new Set<() => void>()
  private exit: CliExit | null = null

  constructor(readonly args: string[]) {
    this.child = spawn(process.execPath, [BUILT_CLI, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, PEERWATCH_DEBUG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    running.add(this)
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.onStdout(chunk))
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk
    })
    this.exited = once(this.child, 'close').then(([code, signal]) => {
      if (this.pending) this.lines.push(this.pending)
      this.pending = ''
      this.exit = { code: code as number | null, signal: signal as NodeJS.Signals | null }
      running.delete(this)
      this.wake()
      return this.exit
    })
  }

  /** Every stdout line that parses as a JSON object with an `event`. */
  events(): CliEvent[] {
    return this.lines.map(parseEvent).filter((e): e is CliEvent => e !== null)
  }

  /** Resolves with the first stdout line matching `predicate`; fails with the transcript. */
  async waitForLine(predicate: (line: string) => boolean, what: string, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const line = this.lines.find(predicate)
      if (line !== undefined) return line
      if (this.exit)
        throw new Error(`the CLI exited (${JSON.stringify(this.exit)}) before ${what}\n${this.transcript()}`)
      const left = deadline - Date.now()
      if (left <= 0)
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${this.transcript()}`)
      await this.nextOutput(left)
    }
  }

  async waitForEvent(event: string, timeoutMs = 20_000): Promise<CliEvent> {
    const line = await this.waitForLine((l) => parseEvent(l)?.event === event, `a "${event}" line`, timeoutMs)
    return parseEvent(line) as CliEvent
  }

  /** Resolves with the exit code and signal; fails with the transcript if it takes too long. */
  async waitForExit(timeoutMs = 20_000): Promise<CliExit> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the CLI did not exit within ${timeoutMs} ms\n${this.transcript()}`)),
        timeoutMs,
      )
    })
    try {
      return await Promise.race([this.exited, timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  stderrLines(): string[] {
    return this.stderr.split('\n').filter((line) => line.trim() !== '')
  }

  transcript(): string {
    const out = [...this.lines, this.pending].join('\n')
    return `$ peerwatch ${this.args.join(' ')}\n--- stdout ---\n${out.slice(-8000)}\n--- stderr ---\n${this.stderr.slice(-4000)}`
  }

  /** Ends this process (and only this one) if it is still running. */
  async kill(): Promise<void> {
    if (this.exit || this.child.pid === undefined) return
    this.child.kill('SIGKILL')
    await this.exited
  }

  private onStdout(chunk: string): void {
    const parts = (this.pending + chunk).split('\n')
    this.pending = parts.pop() ?? ''
    this.lines.push(...parts)
    this.wake()
  }

  private nextOutput(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(wake, timeoutMs)
      const waker = this.wakers
      function wake(): void {
        clearTimeout(timer)
        waker.delete(wake)
        resolve()
      }
      waker.add(wake)
    })
  }

  private wake(): void {
    for (const wake of [...this.wakers]) wake()
  }
}

function parseEvent(line: string): CliEvent | null {
  try {
    const value = JSON.parse(line) as unknown
    return value && typeof value === 'object' && 'event' in value ? (value as CliEvent) : null
  } catch {
    return null
  }
}

export function startCli(args: string[]): CliProcess {
  return new CliProcess(args)
}

/** Runs the CLI to the end, for commands that should exit by themselves. */
export async function runCli(
  args: string[],
  timeoutMs = 30_000,
): Promise<{ cli: CliProcess; exit: CliExit }> {
  const cli = startCli(args)
  return { cli, exit: await cli.waitForExit(timeoutMs) }
}

/** Kills every CLI a test started and left running (afterEach). */
export async function killRunningClis(): Promise<void> {
  await Promise.all([...running].map((cli) => cli.kill()))
}
