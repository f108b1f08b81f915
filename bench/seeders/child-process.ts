import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const running = new Set<() => Promise<void>>()
// Seeders outlive a bench that crashes unless it takes them along.
process.once('exit', () => {
  for (const stop of running) void stop()
})

/** A seeder's process and scratch directory, both gone on stop() or when this process exits. */
export interface SeederProcess {
  child: ChildProcess
  scratchDir: string
  /** Resolves with the first problem: the process failed to start or exited. */
  exited: Promise<never>
  /** Kills it; resolves once it has exited. */
  stop(): Promise<void>
}

export function launchSeeder(
  name: string,
  command: string,
  args: (scratchDir: string) => string[],
  stdio: 'pipe' | 'ignore' = 'ignore',
): SeederProcess {
  const scratchDir = mkdtempSync(join(tmpdir(), `peerwatch-${name}-`))
  const child = spawn(command, args(scratchDir), { stdio: [stdio, stdio, 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000)
  })
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (err) => reject(new Error(`${name} seeder: ${err.message}`)))
    child.once('exit', (code, signal) =>
      reject(new Error(`${name} seeder exited with ${code ?? signal}: ${stderr.trim().split('\n').at(-1)}`)),
    )
  })
  exited.catch(() => {})
  const gone = exited.catch(() => undefined)
  const stop = async (): Promise<void> => {
    running.delete(stop)
    child.kill('SIGKILL')
    rmSync(scratchDir, { recursive: true, force: true })
    if (child.exitCode === null && child.signalCode === null) await gone
  }
  running.add(stop)
  return { child, scratchDir, exited, stop }
}

/** A port free on 127.0.0.1 now, for clients that cannot be told to pick one themselves. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Polls `ready` until it returns a value, failing if the process exits first or time runs out. */
export async function waitUntil<T>(
  seeder: SeederProcess,
  ready: () => Promise<T | undefined>,
  timeoutMs = 600_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  const poll = async (): Promise<T> => {
    while (seeder.child.exitCode === null && seeder.child.signalCode === null) {
      const value = await ready().catch(() => undefined)
      if (value !== undefined) return value
      if (Date.now() > deadline) throw new Error('seeder not ready in time')
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    return seeder.exited
  }
  return Promise.race([poll(), seeder.exited])
}
