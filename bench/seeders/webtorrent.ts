import { fork } from 'node:child_process'
import type { RunningSeeder, SeederOptions } from './types.js'

export async function startWebtorrentSeeder(options: SeederOptions): Promise<RunningSeeder> {
  const child = fork(
    new URL('./webtorrent-seeder.mjs', import.meta.url).pathname,
    [JSON.stringify(options)],
    { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  )
  const stop = (): void => void child.kill()
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (m) => resolve((m as { port: number }).port))
      child.once('exit', (code) => reject(new Error(`a webtorrent seeder exited with ${code}`)))
    })
    return { port, stop }
  } catch (err) {
    stop()
    throw err
  }
}
