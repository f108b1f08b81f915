import { spawnSync } from 'node:child_process'
import type { SeederKind } from '../profiles.js'
import { startAria2Seeder } from './aria2.js'
import { SYSTEM_PYTHON, startLibtorrentSeeder } from './libtorrent.js'
import { startTransmissionSeeder } from './transmission.js'
import type { RunningSeeder, SeederOptions } from './types.js'
import { startWebtorrentSeeder } from './webtorrent.js'

export type { RunningSeeder, SeederOptions } from './types.js'

const STARTERS: Record<SeederKind, (options: SeederOptions) => Promise<RunningSeeder>> = {
  webtorrent: startWebtorrentSeeder,
  libtorrent: startLibtorrentSeeder,
  aria2: startAria2Seeder,
  transmission: startTransmissionSeeder,
}

/** A seeder of `kind` in its own process on 127.0.0.1, found only by peers told its port. */
export function startSeeder(kind: SeederKind, options: SeederOptions): Promise<RunningSeeder> {
  return STARTERS[kind](options)
}

interface SeederTool {
  debianPackage: string
  command: string
  args: string[]
}

/** What each kind runs, and the Debian package that brings it (webtorrent is in node_modules). */
const TOOLS: Partial<Record<SeederKind, SeederTool>> = {
  libtorrent: {
    debianPackage: 'python3-libtorrent',
    command: SYSTEM_PYTHON,
    args: ['-c', 'import libtorrent'],
  },
  aria2: { debianPackage: 'aria2', command: 'aria2c', args: ['--version'] },
  transmission: { debianPackage: 'transmission-daemon', command: 'transmission-daemon', args: ['--version'] },
}

const works = (tool: SeederTool): boolean =>
  spawnSync(tool.command, tool.args, { stdio: 'ignore' }).status === 0

/** Installs the tools the kinds need with apt-get when root and missing; otherwise says which package to get. */
export function ensureSeederTools(
  kinds: Iterable<SeederKind>,
  log: (line: string) => void = (line) => void process.stderr.write(`${line}\n`),
): void {
  const missing = [...new Set(kinds)].flatMap((kind) => {
    const tool = TOOLS[kind]
    return tool && !works(tool) ? [tool] : []
  })
  if (missing.length === 0) return
  const packages = missing.map((tool) => tool.debianPackage)
  if (process.getuid?.() !== 0)
    throw new Error(
      `seeders need ${packages.join(', ')}: install with sudo apt-get install ${packages.join(' ')}`,
    )
  log(`installing ${packages.join(', ')} for the seeders`)
  const install = () =>
    spawnSync('apt-get', ['install', '-y', ...packages], { stdio: ['ignore', 'ignore', 'inherit'] })
      .status === 0
  // A fresh container has no package lists yet.
  if (!install()) {
    spawnSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'] })
    install()
  }
  const stillMissing = missing.filter((tool) => !works(tool)).map((tool) => tool.debianPackage)
  if (stillMissing.length > 0)
    throw new Error(`seeders need ${stillMissing.join(', ')}: apt-get install failed`)
}
