import { fork } from 'node:child_process'
import type { RunningSeeder, SeederOptions } from './types.js'

export async function startWebtorrentSeeder(options: SeederOptions): Promise<RunningSeeder> {
  const child = fork(
    new URL('./webtorrent-seeder.mjs', import.meta.url).pathname,
    [JSON.stringify(options)],
    { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async (): Promise<void> => {
    child.kill()
    if (child.exitCode === null && child.signalCode === null) await exited
  }
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (m) => resolve((m as { port: number }).port))
      child.once('exit', (code) => reject(new Error(`a webtorrent seeder exited with ${code}`)))
    })
    return { port, stop }
  } catch (err) {
    void stop()
    throw err
  }
}
