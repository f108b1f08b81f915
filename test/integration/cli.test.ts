import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  BUILT_CLI,
  type CliProcess,
  killRunningClis,
  REPO_ROOT,
  runCli,
  startCli,
} from '../helpers/cli-process.js'
import { type Seeder, startSeeder } from '../helpers/swarm.js'

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures')
const STACK_LINE = /^\s+at /

let film: Uint8Array
let sample: Uint8Array
let seeder: Seeder
const dirs: string[] = []

async function downloadDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pw-cli-'))
  dirs.push(dir)
  return dir
}

/** `peerwatch stream <seeder> --json` with a fresh download folder and nothing but loopback. */
async function streamSeeder(...extra: string[]): Promise<CliProcess> {
  const args = ['stream', seeder.magnet, '--json', '--no-dht', '--download-dir', await downloadDir()]
  return startCli([...args, ...(extra.includes('--idle') ? [] : ['--idle', '30']), ...extra])
}

async function fetchBytes(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers })
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) }
}

beforeAll(async () => {
  if (!existsSync(BUILT_CLI))
    execFileSync('npx', ['electron-vite', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' })
  film = new Uint8Array(await readFile(join(FIXTURES, 'moov-at-end.mp4')))
  sample = film.slice(0, 30_000)
  seeder = await startSeeder(
    [
      { path: 'Sample.mp4', data: sample },
      { path: 'film.mp4', data: film },
      { path: 'film.srt', data: new Uint8Array(await readFile(join(FIXTURES, 'subtitles.srt'))) },
    ],
    { name: 'Film', pieceLength: 16384 },
  )
}, 300_000)

afterEach(async () => {
  await killRunningClis()
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
})

afterAll(async () => {
  await seeder?.destroy()
})

describe('peerwatch stream against a loopback seeder', () => {
  it('says what the video holds in words without --json', async () => {
    const args = ['stream', seeder.magnet, '--no-dht', '--idle', '30', '--download-dir', await downloadDir()]
    const cli = startCli(args)
    await cli.waitForLine((line) => line.startsWith('http://127.0.0.1:'), 'the stream URL')
    await expect
      .poll(() => cli.stderr, { timeout: 20_000 })
      .toContain('H.264 320x180 · audio: Track 1 · AAC mono')
  })

  it('prints what the video holds as a wt-media-info line', async () => {
    const cli = await streamSeeder()
    const media = await cli.waitForEvent('wt-media-info')
    expect(media).toMatchObject({ infoHash: seeder.infoHash, fileIndex: 1, problem: null })
    expect(media.info).toMatchObject({
      container: 'mov',
      video: { codec: 'h264', width: 320, height: 180 },
      audio: [{ codec: 'aac', codecString: 'mp4a.40.2', channels: 1 }],
    })
  })

  it('lists the files, streams the largest video byte for byte and serves its subtitles as WebVTT', async () => {
    const cli = await streamSeeder()
    const metadata = await cli.waitForEvent('wt-metadata')
    expect(metadata.infoHash).toBe(seeder.infoHash)
    expect(metadata.files).toEqual([
      { index: 0, path: 'Film/Sample.mp4', name: 'Sample.mp4', length: sample.length, kind: 'video' },
      { index: 1, path: 'Film/film.mp4', name: 'film.mp4', length: film.length, kind: 'video' },
      { index: 2, path: 'Film/film.srt', name: 'film.srt', length: expect.any(Number), kind: 'subtitle' },
    ])
    expect(metadata.defaultFileIndex).toBe(1)
    expect(String(metadata.magnet)).toContain(`xt=urn:btih:${seeder.infoHash}`)

    const running = await cli.waitForEvent('wt-server-running')
    const url = String(running.url)
    expect(running.fileIndex).toBe(1)
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.+\/film\.mp4$/)
    const subtitles = running.subtitles as Array<{ index: number; name: string; url: string }>
    expect(subtitles).toHaveLength(1)
    expect(subtitles[0]?.name).toBe('film.srt')

    const whole = await fetchBytes(url)
    expect(whole.response.status).toBe(200)
    expect(whole.response.headers.get('content-type')).toBe('video/mp4')
    expect(whole.bytes.length).toBe(film.length)
    expect(Buffer.from(whole.bytes).equals(Buffer.from(film))).toBe(true)

    // What a player asks for first when the moov atom is at the end.
    const tail = await fetchBytes(url, { range: 'bytes=-4096' })
    expect(tail.response.status).toBe(206)
    expect(Buffer.from(tail.bytes).equals(Buffer.from(film.subarray(film.length - 4096)))).toBe(true)

    const vtt = await fetch(String(subtitles[0]?.url))
    expect(vtt.status).toBe(200)
    const text = await vtt.text()
    expect(text.startsWith('WEBVTT')).toBe(true)
    expect(text).toContain('00:00:00.500 --> 00:00:02.000')
  })

  it('streams the file picked by number with --file 0', async () => {
    const cli = await streamSeeder('--file', '0')
    const running = await cli.waitForEvent('wt-server-running')
    expect(running.fileIndex).toBe(0)
    expect(String(running.url)).toMatch(/\/Sample\.mp4$/)
    const { response, bytes } = await fetchBytes(String(running.url))
    expect(response.status).toBe(200)
    expect(Buffer.from(bytes).equals(Buffer.from(sample))).toBe(true)
  })

  it('streams the file picked by name with --file Sample.mp4', async () => {
    const cli = await streamSeeder('--file', 'Sample.mp4')
    const running = await cli.waitForEvent('wt-server-running')
    expect(running.fileIndex).toBe(0)
    expect(String(running.url)).toMatch(/\/Sample\.mp4$/)
  })

  it('reports a --file the torrent does not have and exits 1', async () => {
    const cli = await streamSeeder('--file', 'nope.mkv')
    const error = await cli.waitForEvent('wt-error')
    expect(error.code).toBe('NO_SUCH_FILE')
    expect(error.message).toContain('nope.mkv')
    expect((await cli.waitForExit()).code).toBe(1)
    expect(cli.events().some((e) => e.event === 'wt-server-running')).toBe(false)
  })

  it('stops cleanly with exit code 0 on Ctrl-C', { timeout: 15_000 }, async () => {
    const cli = await streamSeeder()
    await cli.waitForEvent('wt-server-running', 10_000)
    cli.child.kill('SIGINT')
    expect(await cli.waitForExit(10_000)).toEqual({ code: 0, signal: null })
  })

  it('closes the torrent and exits 0 when nobody asks for a byte for --idle seconds', async () => {
    const cli = await streamSeeder('--idle', '1')
    const closed = await cli.waitForEvent('wt-idle-closed')
    expect(closed).toMatchObject({ infoHash: seeder.infoHash, idleSeconds: 1 })
    expect(await cli.waitForExit()).toEqual({ code: 0, signal: null })
    expect(cli.events().filter((e) => e.event === 'wt-error')).toEqual([])
  })
})

describe('peerwatch with bad input', () => {
  const badMagnet = 'magnet:?xt=urn:btih:123'

  it('explains a bad magnet in one line on stderr, without a stack trace, and exits 1', async () => {
    const { cli, exit } = await runCli([
      'stream',
      badMagnet,
      '--no-dht',
      '--download-dir',
      await downloadDir(),
    ])
    expect(exit.code).toBe(1)
    const lines = cli.stderrLines()
    expect(lines, cli.transcript()).toHaveLength(1)
    expect(lines[0]).toMatch(/^peerwatch: \S/)
    expect(lines.some((line) => STACK_LINE.test(line))).toBe(false)
    expect(cli.lines.join('')).toBe('')
  })

  it('reports a bad magnet as a BAD_MAGNET wt-error line with --json', async () => {
    const { cli, exit } = await runCli([
      'stream',
      badMagnet,
      '--json',
      '--no-dht',
      '--download-dir',
      await downloadDir(),
    ])
    expect(exit.code).toBe(1)
    const errors = cli.events().filter((e) => e.event === 'wt-error')
    expect(errors, cli.transcript()).toHaveLength(1)
    expect(errors[0]).toEqual({ event: 'wt-error', code: 'BAD_MAGNET', message: expect.stringMatching(/\S/) })
    expect(cli.stderr).not.toMatch(/^\s+at /m)
  })

  it('asks for a torrent when stream gets none, and exits 2', async () => {
    const { cli, exit } = await runCli(['stream', '--no-dht'])
    expect(exit.code).toBe(2)
    const lines = cli.stderrLines()
    expect(lines, cli.transcript()).toHaveLength(1)
    expect(lines[0]).toMatch(/^peerwatch: .*magnet/)
  })

  it('points an unknown command at help, and exits 2', async () => {
    const { cli, exit } = await runCli(['frobnicate'])
    expect(exit.code).toBe(2)
    const lines = cli.stderrLines()
    expect(lines, cli.transcript()).toHaveLength(1)
    expect(lines[0]).toMatch(/^peerwatch: .*frobnicate.*help/)
  })

  it('refuses a negative --idle and exits 2', async () => {
    const spaced = await runCli(['stream', seeder.magnet, '--no-dht', '--idle', '-3'])
    expect(spaced.exit.code).toBe(2)
    expect(spaced.cli.stderrLines()).toEqual(['peerwatch: --idle takes a positive number, not "-3".'])

    const joined = await runCli(['stream', seeder.magnet, '--no-dht', '--idle=-3'])
    expect(joined.exit.code).toBe(2)
    expect(joined.cli.stderrLines()).toEqual(['peerwatch: --idle takes a positive number, not "-3".'])
  })
})

describe('peerwatch help, --help and --version', () => {
  it.each(['stream', 'search', 'serve', 'cleanup', 'doctor'])(
    '%s --help shows its options and exits 0',
    async (command) => {
      const { cli, exit } = await runCli([command, '--help'])
      expect(exit.code, cli.transcript()).toBe(0)
      const text = cli.lines.join('\n')
      expect(text).toContain(`Usage: peerwatch ${command} [options]`)
      // Every option the command reads is explained.
      expect(text).toMatch(/^\s+--\w[\w-]*\s{2,}\S/m)
      expect(cli.stderr).toBe('')
    },
  )

  it('help COMMAND is the same as COMMAND --help', async () => {
    const viaHelp = await runCli(['help', 'cleanup'])
    const viaFlag = await runCli(['cleanup', '-h'])
    expect(viaHelp.cli.lines).toEqual(viaFlag.cli.lines)
    expect(viaHelp.cli.lines.join('\n')).toContain('--older-than')
  })

  it('--version and version print the version and exit 0', async () => {
    const { version } = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      version: string
    }
    for (const args of [['--version'], ['version']]) {
      const { cli, exit } = await runCli(args)
      expect(exit.code).toBe(0)
      expect(cli.lines).toEqual([`peerwatch ${version}`])
    }
  })

  it('says in plain words what is wrong with an option, and where help is', async () => {
    const negative = await runCli(['cleanup', '--older-than', '-5h', '--dry-run'])
    expect(negative.exit.code).toBe(2)
    expect(negative.cli.stderrLines()).toEqual([
      'peerwatch: --older-than takes a duration like 24h, 90m or 2d, not "-5h".',
    ])
    const unknown = await runCli(['search', 'film', '--colour'])
    expect(unknown.exit.code).toBe(2)
    expect(unknown.cli.stderrLines()).toEqual([
      'peerwatch: search has no option "--colour". Run "peerwatch search --help".',
    ])
    const missing = await runCli(['cleanup', '--older-than'])
    expect(missing.exit.code).toBe(2)
    expect(missing.cli.stderrLines()).toEqual([
      'peerwatch: --older-than needs a value. Run "peerwatch cleanup --help".',
    ])
  })
})
