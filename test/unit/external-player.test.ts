import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  type CommandResult,
  type CommandRunner,
  findPlayer,
  findVlc,
  isExecutableFile,
  launchPlayer,
  openExternalPlayer,
  type PlayerLookup,
  parseRegInstallDir,
  playerArgs,
} from '../../src-main/services/external-player.js'
import { PeerwatchError } from '../../src-shared/errors.js'

const HOME_LINUX = '/home/ana'
const HOME_MAC = '/Users/ana'
const REG = 'C:\\Windows\\System32\\reg.exe'
const KEY_64 = 'HKLM\\Software\\VideoLAN\\VLC'
const KEY_32 = 'HKLM\\Software\\WOW6432Node\\VideoLAN\\VLC'

// What `reg query <key> /v InstallDir` prints on Windows (CRLF, four-space columns).
const REG_64 =
  '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\VideoLAN\\VLC\r\n    InstallDir    REG_SZ    D:\\Video Tools\\VLC\r\n\r\n'
const REG_32 =
  '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\VideoLAN\\VLC\r\n    InstallDir    REG_SZ    C:\\Program Files (x86)\\VideoLAN\\VLC\r\n\r\n'
const REG_MISSING = { code: 1, stdout: '' }
const NOT_INSTALLED = { code: null, stdout: '' }

/** A fake CommandRunner: answers by command line, records every call, "not installed" otherwise. */
function fakeRunner(answers: Record<string, CommandResult> = {}) {
  const calls: string[][] = []
  const run: CommandRunner = async (command, args) => {
    calls.push([command, ...args])
    return answers[[command, ...args].join(' ')] ?? NOT_INSTALLED
  }
  return { run, calls }
}

function lookup(
  platform: NodeJS.Platform,
  existing: string[],
  options: { env?: NodeJS.ProcessEnv; home?: string; run?: CommandRunner } = {},
): PlayerLookup {
  const present = new Set(existing)
  return {
    platform,
    env: options.env ?? {},
    home: options.home ?? HOME_LINUX,
    isExecutable: async (path) => present.has(path),
    run: options.run ?? fakeRunner().run,
  }
}

const bare = (command: string) => ({ command, args: [] })

describe('findVlc on Linux', () => {
  const env = { PATH: '/opt/tools/bin:/usr/local/sbin' }
  const flatpakInfo = `flatpak info org.videolan.VLC`

  it('takes the first vlc on PATH before the usual install places', async () => {
    const all = ['/usr/bin/vlc', '/usr/local/sbin/vlc', '/opt/tools/bin/vlc']
    expect(await findVlc(lookup('linux', all, { env }))).toEqual(bare('/opt/tools/bin/vlc'))
    expect(await findVlc(lookup('linux', all.slice(0, 2), { env }))).toEqual(bare('/usr/local/sbin/vlc'))
  })

  it('finds /usr/bin/vlc when PATH is empty, as for an app started from a desktop menu', async () => {
    expect(await findVlc(lookup('linux', ['/usr/bin/vlc']))).toEqual(bare('/usr/bin/vlc'))
  })

  it('finds the snap', async () => {
    expect(await findVlc(lookup('linux', ['/snap/bin/vlc'], { env }))).toEqual(bare('/snap/bin/vlc'))
  })

  it('runs the flatpak through `flatpak run` when `flatpak info` knows it', async () => {
    const { run, calls } = fakeRunner({ [flatpakInfo]: { code: 0, stdout: 'VLC - media player\n' } })
    expect(await findVlc(lookup('linux', [], { env, run }))).toEqual({
      command: 'flatpak',
      args: ['run', 'org.videolan.VLC'],
    })
    expect(calls).toEqual([['flatpak', 'info', 'org.videolan.VLC']])
  })

  it('prefers an installed vlc to the flatpak and then does not ask flatpak at all', async () => {
    const { run, calls } = fakeRunner({ [flatpakInfo]: { code: 0, stdout: '' } })
    expect(await findVlc(lookup('linux', ['/snap/bin/vlc'], { env, run }))).toEqual(bare('/snap/bin/vlc'))
    expect(calls).toEqual([])
  })

  it('returns null when the flatpak is absent or flatpak itself is not installed', async () => {
    const absent = fakeRunner({ [flatpakInfo]: { code: 1, stdout: '' } })
    expect(await findVlc(lookup('linux', ['/usr/bin/mpv'], { env, run: absent.run }))).toBeNull()
    expect(absent.calls).toHaveLength(1)
    expect(await findVlc(lookup('linux', [], { run: fakeRunner().run }))).toBeNull()
  })

  it('checks real files: a vlc without the executable bit, or a folder named vlc, does not count', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pw-findvlc-'))
    try {
      await mkdir(join(dir, 'folder', 'vlc'), { recursive: true })
      const vlc = join(dir, 'vlc')
      await writeFile(vlc, '#!/bin/sh\n', { mode: 0o644 })
      const real: PlayerLookup = {
        platform: 'linux',
        env: { PATH: `${join(dir, 'folder')}:${dir}` },
        home: dir,
        isExecutable: isExecutableFile,
        run: fakeRunner().run,
      }
      expect((await findVlc(real))?.command).not.toBe(vlc)
      await chmod(vlc, 0o755)
      expect(await findVlc(real)).toEqual(bare(vlc))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('findVlc on macOS', () => {
  const system = '/Applications/VLC.app/Contents/MacOS/VLC'
  const user = `${HOME_MAC}/Applications/VLC.app/Contents/MacOS/VLC`
  const mac = (existing: string[], env: NodeJS.ProcessEnv = { PATH: '/usr/bin:/opt/local/bin' }) =>
    lookup('darwin', existing, { env, home: HOME_MAC })

  it('finds the app in /Applications first, then in ~/Applications', async () => {
    expect(await findVlc(mac([user, system, '/opt/local/bin/vlc']))).toEqual(bare(system))
    expect(await findVlc(mac([user, '/opt/local/bin/vlc']))).toEqual(bare(user))
  })

  it('then a vlc on PATH, then Homebrew, which a Finder-started app has no PATH for', async () => {
    expect(await findVlc(mac(['/opt/local/bin/vlc', '/opt/homebrew/bin/vlc']))).toEqual(
      bare('/opt/local/bin/vlc'),
    )
    expect(await findVlc(mac(['/opt/homebrew/bin/vlc'], {}))).toEqual(bare('/opt/homebrew/bin/vlc'))
  })

  it('does not look in Linux places or ask flatpak, and returns null when nothing is there', async () => {
    const { run, calls } = fakeRunner({ 'flatpak info org.videolan.VLC': { code: 0, stdout: '' } })
    const found = await findVlc(lookup('darwin', ['/snap/bin/vlc', '/usr/bin/vlc'], { home: HOME_MAC, run }))
    expect(found).toBeNull()
    expect(calls).toEqual([])
  })
})

describe('findVlc on Windows', () => {
  const env = { Path: 'C:\\Tools;C:\\Windows\\System32', ProgramFiles: 'C:\\Program Files' }
  const fromRegistry64 = 'D:\\Video Tools\\VLC\\vlc.exe'
  const fromRegistry32 = 'C:\\Program Files (x86)\\VideoLAN\\VLC\\vlc.exe'
  const registry = (r64: CommandResult, r32: CommandResult) =>
    fakeRunner({
      [`${REG} query ${KEY_64} /v InstallDir`]: r64,
      [`${REG} query ${KEY_32} /v InstallDir`]: r32,
    })

  it('asks reg.exe for InstallDir under both keys, one argument each, never a command string', async () => {
    const { run, calls } = registry(REG_MISSING, REG_MISSING)
    await findVlc(lookup('win32', [], { env, run }))
    expect(calls).toEqual([
      [REG, 'query', KEY_64, '/v', 'InstallDir'],
      [REG, 'query', KEY_32, '/v', 'InstallDir'],
    ])
  })

  it('uses 64-bit VLC where the registry says it is, before PATH and Program Files', async () => {
    const { run } = registry({ code: 0, stdout: REG_64 }, { code: 0, stdout: REG_32 })
    const everywhere = [
      fromRegistry64,
      fromRegistry32,
      'C:\\Tools\\vlc.exe',
      'C:\\Program Files\\VideoLAN\\VLC\\vlc.exe',
    ]
    expect(await findVlc(lookup('win32', everywhere, { env, run }))).toEqual(bare(fromRegistry64))
  })

  it('finds 32-bit VLC through the WOW6432Node key', async () => {
    const { run } = registry(REG_MISSING, { code: 0, stdout: REG_32 })
    const found = await findVlc(lookup('win32', [fromRegistry32, 'C:\\Tools\\vlc.exe'], { env, run }))
    expect(found).toEqual(bare(fromRegistry32))
  })

  it('skips a registry entry whose folder is gone, then tries PATH (any casing), then Program Files', async () => {
    const { run } = registry({ code: 0, stdout: REG_64 }, REG_MISSING)
    expect(await findVlc(lookup('win32', ['C:\\Tools\\vlc.exe'], { env, run }))).toEqual(
      bare('C:\\Tools\\vlc.exe'),
    )
    const programFiles = 'C:\\Program Files\\VideoLAN\\VLC\\vlc.exe'
    expect(await findVlc(lookup('win32', [programFiles], { env, run }))).toEqual(bare(programFiles))
  })

  it('finds VLC under ProgramFiles(x86), or the default folders when the variables are missing', async () => {
    const x86 = 'E:\\Apps (x86)\\VideoLAN\\VLC\\vlc.exe'
    expect(await findVlc(lookup('win32', [x86], { env: { 'ProgramFiles(x86)': 'E:\\Apps (x86)' } }))).toEqual(
      bare(x86),
    )
    const fallback = 'C:\\Program Files (x86)\\VideoLAN\\VLC\\vlc.exe'
    expect(await findVlc(lookup('win32', [fallback]))).toEqual(bare(fallback))
  })

  it('uses reg.exe from SystemRoot and returns null when VLC is not installed', async () => {
    const { run, calls } = fakeRunner()
    const found = await findVlc(
      lookup('win32', ['/usr/bin/vlc', 'C:\\Program Files\\mpv\\mpv.exe'], {
        env: { SYSTEMROOT: 'D:\\Win' },
        run,
      }),
    )
    expect(found).toBeNull()
    expect(calls.map((c) => c[0])).toEqual(['D:\\Win\\System32\\reg.exe', 'D:\\Win\\System32\\reg.exe'])
  })
})

describe('parseRegInstallDir', () => {
  it('reads the folder, spaces and all', () => {
    expect(parseRegInstallDir(REG_64)).toBe('D:\\Video Tools\\VLC')
    expect(parseRegInstallDir(REG_32)).toBe('C:\\Program Files (x86)\\VideoLAN\\VLC')
  })

  it('expands REG_EXPAND_SZ variables from the environment', () => {
    const out =
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\VideoLAN\\VLC\n    InstallDir    REG_EXPAND_SZ    %ProgramFiles%\\VideoLAN\\VLC\n'
    expect(parseRegInstallDir(out, { PROGRAMFILES: 'C:\\Program Files' })).toBe(
      'C:\\Program Files\\VideoLAN\\VLC',
    )
  })

  it('returns null for an error or another value', () => {
    expect(
      parseRegInstallDir('ERROR: The system was unable to find the specified registry key or value.'),
    ).toBeNull()
    expect(parseRegInstallDir('    Version    REG_SZ    3.0.21\r\n')).toBeNull()
  })
})

describe('findPlayer', () => {
  it('uses the player set in Settings when it is executable', async () => {
    const found = await findPlayer(lookup('linux', ['/usr/bin/mpv', '/usr/bin/vlc']), '  /usr/bin/mpv ')
    expect(found).toEqual(bare('/usr/bin/mpv'))
  })

  it('falls back to VLC when the configured player is not there', async () => {
    expect(await findPlayer(lookup('linux', ['/usr/bin/vlc']), '/opt/gone/mpv')).toEqual(bare('/usr/bin/vlc'))
  })

  it('understands ~/ and, on macOS, an .app bundle', async () => {
    expect(await findPlayer(lookup('linux', [`${HOME_LINUX}/bin/mpv`]), '~/bin/mpv')).toEqual(
      bare(`${HOME_LINUX}/bin/mpv`),
    )
    const iina = '/Applications/IINA.app/Contents/MacOS/IINA'
    expect(await findPlayer(lookup('darwin', [iina], { home: HOME_MAC }), '/Applications/IINA.app/')).toEqual(
      bare(iina),
    )
  })
})

describe('playerArgs', () => {
  const url = 'http://127.0.0.1:41234/tok/abc/1/film.mp4'

  it('gives VLC, wherever it is, its --meta-title', () => {
    for (const command of [
      '/usr/bin/vlc',
      'C:\\Program Files\\VideoLAN\\VLC\\vlc.exe',
      '/Applications/VLC.app/Contents/MacOS/VLC',
    ]) {
      expect(playerArgs(bare(command), url, 'The Film')).toEqual([url, '--meta-title=The Film'])
    }
  })

  it('puts the flatpak prefix first', () => {
    const flatpak = { command: 'flatpak', args: ['run', 'org.videolan.VLC'] }
    expect(playerArgs(flatpak, url, 'The Film')).toEqual([
      'run',
      'org.videolan.VLC',
      url,
      '--meta-title=The Film',
    ])
  })

  it('titles mpv its own way, gives other players only the URL, and skips an empty title', () => {
    expect(playerArgs(bare('/usr/bin/mpv'), url, 'The Film')).toEqual([url, '--force-media-title=The Film'])
    expect(playerArgs(bare('/usr/bin/celluloid'), url, 'The Film')).toEqual([url])
    expect(playerArgs(bare('/usr/bin/vlc'), url, ' ')).toEqual([url])
  })
})

describe('launching a player', () => {
  let dir: string
  let child: ChildProcess | null = null

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw-player-'))
  })

  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null && child.pid)
      process.kill(child.pid, 'SIGKILL')
    child = null
    await rm(dir, { recursive: true, force: true })
  })

  /** A fake player that records each argv entry, NUL-separated, next to itself. */
  async function fakePlayer(name: string): Promise<string> {
    const path = join(dir, name)
    const script =
      '#!/usr/bin/env bash\nfor a in "$@"; do printf \'%s\\0\' "$a"; done > "$(dirname "$0")/argv.tmp"\n'
    await writeFile(path, `${script}mv "$(dirname "$0")/argv.tmp" "$(dirname "$0")/argv"\n`, { mode: 0o755 })
    return path
  }

  async function recordedArgv(): Promise<string[]> {
    const recorded = await readFile(join(dir, 'argv'), 'utf8')
    return recorded.split('\0').slice(0, -1)
  }

  async function argvOf(started: ChildProcess): Promise<string[]> {
    const [code] = await once(started, 'exit')
    expect(code).toBe(0)
    return recordedArgv()
  }

  it('passes the URL and the title as separate arguments, untouched by any shell', async () => {
    const url = 'http://127.0.0.1:41234/tok/abc/1/The%20Film.mp4'
    const title = `The "Film" (2020); touch ${join(dir, 'pwned')} && echo $HOME 'x'`
    child = launchPlayer(await fakePlayer('vlc'), url, title)
    expect(await argvOf(child)).toEqual([url, `--meta-title=${title}`])
    await expect(stat(join(dir, 'pwned'))).rejects.toThrow()
  })

  it('runs a found player with its argument prefix, as for the flatpak', async () => {
    const url = 'http://127.0.0.1:41234/tok/abc/1/film.mkv'
    child = launchPlayer(
      { command: await fakePlayer('flatpak'), args: ['run', 'org.videolan.VLC'] },
      url,
      'Film',
    )
    expect(await argvOf(child)).toEqual(['run', 'org.videolan.VLC', url, '--meta-title=Film'])
  })

  it('reports a missing player as an error event instead of throwing', async () => {
    child = launchPlayer(join(dir, 'missing', 'vlc'), 'http://127.0.0.1:1/x.mp4', 'x')
    const [err] = await once(child, 'error')
    expect((err as NodeJS.ErrnoException).code).toBe('ENOENT')
  })

  it('opens the configured player for the desktop, detached, and returns once it runs', async () => {
    const player = await fakePlayer('my-player')
    const url = 'http://127.0.0.1:41234/tok/abc/1/film.mp4'
    await openExternalPlayer(url, 'Film', player, lookup('linux', [player]))
    expect(await eventually(recordedArgv)).toEqual([url])
  })

  it('says where to get VLC when there is no player, naming a broken Settings path', async () => {
    const none = lookup('linux', [])
    const err = await openExternalPlayer('http://127.0.0.1:1/x.mp4', 'x', '', none).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PeerwatchError)
    expect(err).toMatchObject({ code: 'PLAYER_NOT_FOUND' })
    expect((err as Error).message).toContain('https://www.videolan.org/vlc/')
    const withPath = await openExternalPlayer('http://127.0.0.1:1/x.mp4', 'x', '/opt/gone/mpv', none).catch(
      (e: unknown) => e,
    )
    expect((withPath as Error).message).toMatch(
      /Settings \(\/opt\/gone\/mpv\).*https:\/\/www\.videolan\.org\/vlc\//,
    )
  })

  it('turns a player that cannot start into a PLAYER_NOT_FOUND error', async () => {
    const notRunnable = join(dir, 'vlc')
    const err = await openExternalPlayer(
      'http://127.0.0.1:1/x.mp4',
      'x',
      '',
      lookup('linux', [notRunnable], {
        env: { PATH: dir },
      }),
    ).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'PLAYER_NOT_FOUND' })
    expect((err as Error).message).toContain(`Could not start ${notRunnable}`)
  })
})

/** Retries `read` until it succeeds (a detached player finishes on its own time). */
async function eventually<T>(read: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await read()
    } catch (err) {
      if (Date.now() > deadline) throw err
      await sleep(25)
    }
  }
}
