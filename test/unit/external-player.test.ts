import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { findVlc, isExecutableFile, launchPlayer } from '../../src-main/engine/external-player.js'

const HOME_LINUX = '/home/ana'
const HOME_MAC = '/Users/ana'

/** findVlc on `platform` where exactly the paths in `existing` are executables. */
function lookFor(
  platform: NodeJS.Platform,
  existing: string[],
  env: NodeJS.ProcessEnv = {},
  home = HOME_LINUX,
) {
  const present = new Set(existing)
  return findVlc({ platform, env, home, isExecutable: async (path) => present.has(path) })
}

describe('findVlc on Linux', () => {
  const env = { PATH: '/opt/tools/bin:/usr/local/sbin' }

  it('takes the first vlc on PATH before the usual install places', async () => {
    expect(await lookFor('linux', ['/usr/bin/vlc', '/usr/local/sbin/vlc', '/opt/tools/bin/vlc'], env)).toBe(
      '/opt/tools/bin/vlc',
    )
    expect(await lookFor('linux', ['/usr/bin/vlc', '/usr/local/sbin/vlc'], env)).toBe('/usr/local/sbin/vlc')
  })

  it('finds the snap', async () => {
    expect(await lookFor('linux', ['/snap/bin/vlc'], env)).toBe('/snap/bin/vlc')
  })

  it('finds the system-wide and the per-user flatpak export', async () => {
    const system = '/var/lib/flatpak/exports/bin/org.videolan.VLC'
    const user = `${HOME_LINUX}/.local/share/flatpak/exports/bin/org.videolan.VLC`
    expect(await lookFor('linux', [system], env)).toBe(system)
    expect(await lookFor('linux', [user], env)).toBe(user)
  })

  it('returns null when VLC is nowhere, even with no PATH at all', async () => {
    expect(await lookFor('linux', ['/usr/bin/mpv', '/opt/tools/bin/mpv'], env)).toBeNull()
    expect(await lookFor('linux', [], {})).toBeNull()
  })

  it('checks real files: a vlc without the executable bit does not count', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pw-findvlc-'))
    try {
      const vlc = join(dir, 'vlc')
      await writeFile(vlc, '#!/bin/sh\n', { mode: 0o644 })
      const lookup = {
        platform: 'linux' as const,
        env: { PATH: dir },
        home: dir,
        isExecutable: isExecutableFile,
      }
      const found = await findVlc(lookup)
      expect(found).not.toBe(vlc)
      await chmod(vlc, 0o755)
      expect(await findVlc(lookup)).toBe(vlc)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('findVlc on macOS', () => {
  it('finds the app in /Applications first', async () => {
    const system = '/Applications/VLC.app/Contents/MacOS/VLC'
    const user = `${HOME_MAC}/Applications/VLC.app/Contents/MacOS/VLC`
    expect(await lookFor('darwin', [user, system], { PATH: '/usr/bin' }, HOME_MAC)).toBe(system)
  })

  it('finds the app in ~/Applications', async () => {
    const user = `${HOME_MAC}/Applications/VLC.app/Contents/MacOS/VLC`
    expect(await lookFor('darwin', [user], { PATH: '/usr/bin' }, HOME_MAC)).toBe(user)
  })

  it('does not look in Linux places, and returns null when nothing is there', async () => {
    expect(await lookFor('darwin', ['/snap/bin/vlc', '/usr/bin/vlc'], {}, HOME_MAC)).toBeNull()
  })
})

describe('findVlc on Windows', () => {
  it('finds VLC under ProgramFiles', async () => {
    const env = { ProgramFiles: 'D:\\Apps', 'ProgramFiles(x86)': 'D:\\Apps (x86)' }
    expect(await lookFor('win32', ['D:\\Apps\\VideoLAN\\VLC\\vlc.exe'], env)).toBe(
      'D:\\Apps\\VideoLAN\\VLC\\vlc.exe',
    )
  })

  it('finds a 32-bit VLC under ProgramFiles(x86)', async () => {
    const env = { ProgramFiles: 'D:\\Apps', 'ProgramFiles(x86)': 'D:\\Apps (x86)' }
    const x86 = 'D:\\Apps (x86)\\VideoLAN\\VLC\\vlc.exe'
    expect(await lookFor('win32', [x86], env)).toBe(x86)
  })

  it('falls back to the default Program Files folders when the variables are missing', async () => {
    expect(await lookFor('win32', ['C:\\Program Files (x86)\\VideoLAN\\VLC\\vlc.exe'], {})).toBe(
      'C:\\Program Files (x86)\\VideoLAN\\VLC\\vlc.exe',
    )
  })

  it('returns null when VLC is not installed', async () => {
    expect(await lookFor('win32', ['/usr/bin/vlc', 'C:\\Program Files\\mpv\\mpv.exe'], {})).toBeNull()
  })
})

describe('launchPlayer', () => {
  let dir: string
  let child: ChildProcess | null = null

  beforeEach(async () => {
    // launchPlayer looks for "vlc" anywhere in the path: keep the random folder name clear of it.
    dir = await mkdtemp(join(tmpdir(), 'pw-player-'))
    while (/vlc/i.test(dir)) {
      await rm(dir, { recursive: true, force: true })
      dir = await mkdtemp(join(tmpdir(), 'pw-player-'))
    }
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
    await writeFile(
      path,
      '#!/usr/bin/env bash\nfor a in "$@"; do printf \'%s\\0\' "$a"; done > "$(dirname "$0")/argv"\n',
      {
        mode: 0o755,
      },
    )
    return path
  }

  async function argvOf(started: ChildProcess): Promise<string[]> {
    const [code] = await once(started, 'exit')
    expect(code).toBe(0)
    const recorded = await readFile(join(dir, 'argv'), 'utf8')
    return recorded.split('\0').slice(0, -1)
  }

  it('passes the URL and the title as separate arguments, untouched by any shell', async () => {
    const url = 'http://127.0.0.1:41234/tok/abc/1/The%20Film.mp4'
    const title = `The "Film" (2020); touch ${join(dir, 'pwned')} && echo $HOME 'x'`
    child = launchPlayer(await fakePlayer('vlc'), url, title)
    expect(await argvOf(child)).toEqual([url, `--meta-title=${title}`])
    await expect(stat(join(dir, 'pwned'))).rejects.toThrow()
  })

  it('gives any other player only the URL', async () => {
    const url = 'http://127.0.0.1:41234/tok/abc/1/film.mp4'
    child = launchPlayer(await fakePlayer('mpv'), url, 'The Film')
    expect(await argvOf(child)).toEqual([url])
  })

  it('reports a missing player as an error event instead of throwing', async () => {
    child = launchPlayer(join(dir, 'missing', 'vlc'), 'http://127.0.0.1:1/x.mp4', 'x')
    const [err] = await once(child, 'error')
    expect((err as NodeJS.ErrnoException).code).toBe('ENOENT')
  })
})
