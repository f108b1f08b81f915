import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { access, constants, stat } from 'node:fs/promises'
import { homedir } from 'node:os'
import { posix, win32 } from 'node:path'
import { PeerwatchError } from '../../src-shared/errors.js'

/** A program that plays a URL: what to start, and the arguments that go before the URL. */
export interface Player {
  command: string
  /** `['run', 'org.videolan.VLC']` for the flatpak; empty for a plain executable. */
  args: string[]
}

/** How a command ended: `code` is null when it could not start (not installed) or timed out. */
export interface CommandResult {
  code: number | null
  stdout: string
}

/** Runs a program with separate arguments, never through a shell. */
export type CommandRunner = (command: string, args: string[]) => Promise<CommandResult>

export interface PlayerLookup {
  platform: NodeJS.Platform
  env: NodeJS.ProcessEnv
  home: string
  /** Resolves to true when `path` is an executable file (injected so each OS can be tested). */
  isExecutable: (path: string) => Promise<boolean>
  /** Asks the system: `reg query` on Windows, `flatpak info` on Linux. Defaults to runCommand. */
  run?: CommandRunner
}

export const VLC_DOWNLOAD_URL = 'https://www.videolan.org/vlc/'
export const VLC_FLATPAK_ID = 'org.videolan.VLC'
/** Where VLC's installer records its folder: 64-bit VLC, then 32-bit VLC on 64-bit Windows. */
export const VLC_REGISTRY_KEYS = [
  'HKLM\\Software\\VideoLAN\\VLC',
  'HKLM\\Software\\WOW6432Node\\VideoLAN\\VLC',
] as const

/** The player set in Settings when it is executable, else VLC wherever this OS keeps it. */
export async function findPlayer(lookup: PlayerLookup, configuredPath = ''): Promise<Player | null> {
  for (const path of configuredCandidates(configuredPath.trim(), lookup)) {
    if (await lookup.isExecutable(path)) return { command: path, args: [] }
  }
  return findVlc(lookup)
}

/**
 * VLC on this OS. Windows: the installer's registry entries, PATH, Program Files. macOS: the app in
 * /Applications or ~/Applications, PATH. Linux: PATH, the usual paths, the snap, the flatpak.
 */
export async function findVlc(lookup: PlayerLookup): Promise<Player | null> {
  const run = lookup.run ?? runCommand
  const fromRegistry = lookup.platform === 'win32' ? await registryVlcPaths(run, lookup.env) : []
  for (const path of new Set([...fromRegistry, ...vlcCandidates(lookup)])) {
    if (await lookup.isExecutable(path)) return { command: path, args: [] }
  }
  if (lookup.platform !== 'win32' && lookup.platform !== 'darwin') {
    const flatpak = await run('flatpak', ['info', VLC_FLATPAK_ID])
    if (flatpak.code === 0) return { command: 'flatpak', args: ['run', VLC_FLATPAK_ID] }
  }
  return null
}

/** Files where VLC usually is, in the order worth trying, for one OS (registry and flatpak aside). */
export function vlcCandidates({ platform, env, home }: Omit<PlayerLookup, 'isExecutable' | 'run'>): string[] {
  // The target OS's path rules, not this machine's, so every OS's list can be checked anywhere.
  const { delimiter, join } = platform === 'win32' ? win32 : posix
  const get = (name: string) => (platform === 'win32' ? envValue(env, name) : env[name])
  const onPath = (name: string): string[] =>
    (get('PATH') ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, name))
  if (platform === 'win32') {
    const roots = [
      get('ProgramFiles'),
      get('ProgramFiles(x86)'),
      'C:\\Program Files',
      'C:\\Program Files (x86)',
    ]
    return [...onPath('vlc.exe'), ...roots.filter(Boolean).map((root) => `${root}\\VideoLAN\\VLC\\vlc.exe`)]
  }
  if (platform === 'darwin') {
    return [
      '/Applications/VLC.app/Contents/MacOS/VLC',
      join(home, 'Applications/VLC.app/Contents/MacOS/VLC'),
      ...onPath('vlc'),
      // An app started from the Finder gets a PATH without Homebrew's folders.
      '/opt/homebrew/bin/vlc',
      '/usr/local/bin/vlc',
    ]
  }
  return [...onPath('vlc'), '/usr/bin/vlc', '/usr/local/bin/vlc', '/snap/bin/vlc']
}

/** The folder in `reg query <key> /v InstallDir` output, or null when the value is not there. */
export function parseRegInstallDir(output: string, env: NodeJS.ProcessEnv = {}): string | null {
  const match = /^\s*InstallDir\s+(REG_SZ|REG_EXPAND_SZ)\s+(.*\S)\s*$/im.exec(output)
  if (!match?.[2]) return null
  if (match[1]?.toUpperCase() !== 'REG_EXPAND_SZ') return match[2]
  return match[2].replace(/%([^%]+)%/g, (whole, name: string) => envValue(env, name) ?? whole)
}

/** The command line for `player`: its own arguments, the URL, then a title where it takes one. */
export function playerArgs(player: Player, url: string, title: string): string[] {
  // win32.basename splits on both separators, so it names the program for any OS's path.
  const name = win32.basename(player.command)
  const isVlc = /^vlc(\.exe)?$/i.test(name) || player.args.includes(VLC_FLATPAK_ID)
  const isMpv = /^mpv(\.exe)?$/i.test(name)
  const titled = title.trim() !== ''
  const titleArgs =
    titled && isVlc ? [`--meta-title=${title}`] : titled && isMpv ? [`--force-media-title=${title}`] : []
  return [...player.args, url, ...titleArgs]
}

/** Starts the player on the stream URL; URL and title are separate arguments, never a shell line. */
export function launchPlayer(
  player: string | Player,
  url: string,
  title: string,
  options: { detached?: boolean } = {},
): ChildProcess {
  const resolved = typeof player === 'string' ? { command: player, args: [] } : player
  return spawn(resolved.command, playerArgs(resolved, url, title), {
    stdio: 'ignore',
    shell: false,
    detached: options.detached ?? false,
  })
}

/** launchPlayer, settled: resolves once the process runs, rejects when it cannot start. */
export function startPlayer(
  player: Player,
  url: string,
  title: string,
  options: { detached?: boolean } = {},
): Promise<ChildProcess> {
  const child = launchPlayer(player, url, title, options)
  return new Promise((resolve, reject) => {
    child.once('spawn', () => resolve(child))
    child.once('error', reject)
  })
}

/**
 * "Open in VLC" for the desktop: finds the player (Settings first), starts it detached so it
 * outlives Peerwatch, and throws a PLAYER_NOT_FOUND PeerwatchError that says where to get VLC.
 */
export async function openExternalPlayer(
  url: string,
  title: string,
  configuredPath = '',
  lookup: PlayerLookup = systemLookup(),
): Promise<void> {
  const player = await findPlayer(lookup, configuredPath)
  if (!player) throw new PeerwatchError('PLAYER_NOT_FOUND', playerNotFoundMessage(configuredPath))
  try {
    const child = await startPlayer(player, url, title, { detached: true })
    child.unref()
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err)
    const name = [player.command, ...player.args].join(' ')
    throw new PeerwatchError('PLAYER_NOT_FOUND', `Could not start ${name}: ${reason}`, { cause: err })
  }
}

export function playerNotFoundMessage(
  configuredPath = '',
  otherwise = 'set another player in Settings',
): string {
  const configured = configuredPath.trim()
  if (configured) {
    return `The player set in Settings (${configured}) is not a program that can run, and VLC was not found. Install VLC from ${VLC_DOWNLOAD_URL} or correct the path in Settings.`
  }
  return `VLC was not found. Install it from ${VLC_DOWNLOAD_URL} or ${otherwise}.`
}

/** This machine, as findPlayer sees it. */
export function systemLookup(): PlayerLookup {
  return {
    platform: process.platform,
    env: process.env,
    home: homedir(),
    isExecutable: isExecutableFile,
    run: runCommand,
  }
}

export async function isExecutableFile(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false
    await access(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The real CommandRunner: execFile with a time limit; a missing program reads as code null. */
export const runCommand: CommandRunner = (command, args) =>
  new Promise((resolve) => {
    execFile(command, args, { timeout: 10_000, windowsHide: true, encoding: 'utf8' }, (err, stdout) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0
      resolve({ code, stdout: String(stdout ?? '') })
    })
  })

/** Settings may name a file, `~/...`, or on macOS an .app bundle (its main program is inside). */
function configuredCandidates(configured: string, { platform, home }: PlayerLookup): string[] {
  if (!configured) return []
  const { join } = platform === 'win32' ? win32 : posix
  const path = /^~[/\\]/.test(configured) ? join(home, configured.slice(2)) : configured
  const bundle = /^(.*\/([^/]+)\.app)\/?$/.exec(path)
  if (platform === 'darwin' && bundle) return [`${bundle[1]}/Contents/MacOS/${bundle[2]}`]
  return [path]
}

async function registryVlcPaths(run: CommandRunner, env: NodeJS.ProcessEnv): Promise<string[]> {
  // The full path to reg.exe, so a reg.exe elsewhere on PATH is never the one asked.
  const reg = win32.join(envValue(env, 'SystemRoot') ?? 'C:\\Windows', 'System32', 'reg.exe')
  const answers = await Promise.all(
    VLC_REGISTRY_KEYS.map((key) => run(reg, ['query', key, '/v', 'InstallDir'])),
  )
  return answers.flatMap(({ code, stdout }) => {
    const dir = code === 0 ? parseRegInstallDir(stdout, env) : null
    return dir ? [win32.join(dir, 'vlc.exe')] : []
  })
}

/** Windows environment names are case-insensitive (Path, PATH, SystemRoot, SYSTEMROOT). */
function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase())
  return key === undefined ? undefined : env[key]
}
