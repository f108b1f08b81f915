import { type ChildProcess, spawn } from 'node:child_process'
import { access, constants } from 'node:fs/promises'
import { basename, posix, win32 } from 'node:path'

export interface PlayerLookup {
  platform: NodeJS.Platform
  env: NodeJS.ProcessEnv
  home: string
  /** Resolves to true when `path` is an executable file (injected so each OS can be tested). */
  isExecutable: (path: string) => Promise<boolean>
}

/** Places VLC is usually installed, in the order worth trying, for one OS. */
export function vlcCandidates({ platform, env, home }: Omit<PlayerLookup, 'isExecutable'>): string[] {
  // The target OS's path rules, not this machine's, so every OS's list can be checked anywhere.
  const { delimiter, join } = platform === 'win32' ? win32 : posix
  const onPath = (name: string): string[] =>
    (env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, name))
  if (platform === 'win32') {
    const roots = [env.ProgramFiles, env['ProgramFiles(x86)'], 'C:\\Program Files', 'C:\\Program Files (x86)']
    return [...onPath('vlc.exe'), ...roots.filter(Boolean).map((root) => `${root}\\VideoLAN\\VLC\\vlc.exe`)]
  }
  if (platform === 'darwin') {
    return [
      '/Applications/VLC.app/Contents/MacOS/VLC',
      join(home, 'Applications/VLC.app/Contents/MacOS/VLC'),
      ...onPath('vlc'),
    ]
  }
  return [
    ...onPath('vlc'),
    '/usr/bin/vlc',
    '/usr/local/bin/vlc',
    '/snap/bin/vlc',
    '/var/lib/flatpak/exports/bin/org.videolan.VLC',
    join(home, '.local/share/flatpak/exports/bin/org.videolan.VLC'),
  ]
}

export async function findVlc(lookup: PlayerLookup): Promise<string | null> {
  for (const candidate of vlcCandidates(lookup)) {
    if (await lookup.isExecutable(candidate)) return candidate
  }
  return null
}

export async function isExecutableFile(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** Starts the player on the stream URL; the title is passed as an argument, never through a shell. */
export function launchPlayer(playerPath: string, url: string, title: string): ChildProcess {
  const isVlc =
    /^vlc(\.exe)?$/i.test(basename(playerPath)) || playerPath.endsWith('VLC.app/Contents/MacOS/VLC')
  const args = isVlc ? [url, `--meta-title=${title}`] : [url]
  return spawn(playerPath, args, { stdio: 'ignore', shell: false })
}
