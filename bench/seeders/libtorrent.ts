import { existsSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { launchSeeder } from './child-process.js'
import type { RunningSeeder, SeederOptions } from './types.js'

/** Debian's python3-libtorrent is built for the system interpreter, not a pyenv or venv one first on PATH. */
export const SYSTEM_PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'

export async function startLibtorrentSeeder(options: SeederOptions): Promise<RunningSeeder> {
  const script = new URL('./libtorrent-seeder.py', import.meta.url).pathname
  // stdin stays open while we live: the script exits when it closes.
  const seeder = launchSeeder('libtorrent', SYSTEM_PYTHON, () => [script, JSON.stringify(options)], 'pipe')
  try {
    const firstLine = new Promise<string>((resolve) =>
      createInterface({ input: seeder.child.stdout as NodeJS.ReadableStream }).once('line', resolve),
    )
    const { port } = JSON.parse(await Promise.race([firstLine, seeder.exited])) as { port: number }
    return { port, stop: seeder.stop }
  } catch (err) {
    void seeder.stop()
    throw err
  }
}
