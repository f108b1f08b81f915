import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { BUILT_CLI, killRunningClis, REPO_ROOT, runCli, startCli } from '../helpers/cli-process.js'
import { patternBytes, type Seeder, startSeeder } from '../helpers/swarm.js'
import { cookieFrom, httpRequest, signIn, WireClient } from '../helpers/web-client.js'

const KiB = 1024
const MiB = 1024 * KiB

let seeder: Seeder
let film: Uint8Array
const dirs: string[] = []
const clients: WireClient[] = []

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pw-serve-'))
  dirs.push(dir)
  return dir
}

beforeAll(async () => {
  if (!existsSync(BUILT_CLI) || !existsSync(join(REPO_ROOT, 'out', 'renderer', 'index.html')))
    execFileSync('npx', ['electron-vite', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' })
  film = patternBytes(2 * MiB, 5)
  seeder = await startSeeder([{ path: 'film.mp4', data: film }], { name: 'Film', pieceLength: 64 * KiB })
}, 300_000)

afterEach(async () => {
  for (const client of clients.splice(0)) client.close()
  await killRunningClis()
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
})

afterAll(async () => {
  await seeder?.destroy()
})

describe('peerwatch serve', () => {
  it('serves the app, the Api over /ws and byte-exact streams on one origin, and stops on SIGTERM', async () => {
    const dir = await dataDir()
    const cli = startCli(['serve', '--json', '--no-dht', '--data-dir', dir, '--port', '0'])
    const running = await cli.waitForEvent('serve-running')
    const url = String(running.url)
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/)
    const origin = new URL(url).origin

    const cookie = await signIn(url)
    const page = await httpRequest(origin, '/', { headers: { cookie } })
    expect(page.status).toBe(200)
    expect(page.text).toContain('<div id="root"></div>')

    const client = await WireClient.open(`${origin.replace('http', 'ws')}/ws`, { cookie, origin })
    clients.push(client)
    const settings = await client.request('settings-get', {})
    expect(settings.result).toMatchObject({ ok: true, value: { downloadDir: join(dir, 'downloads') } })
    // A signed-in page cannot point downloads or "Open in VLC" anywhere: no dialog reaches the
    // person from here, and the page's own text is never taken for a path.
    const moved = await client.request('settings-set', { downloadDir: '/etc' })
    expect(moved.result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    const chosen = await client.request('settings-choose', { setting: 'externalPlayerPath' })
    expect(chosen.result).toEqual({
      ok: false,
      error: {
        code: 'UNAVAILABLE',
        message:
          'Where downloads go and which player runs are set on the computer that runs peerwatch serve, in its settings.json.',
      },
    })

    const added = await client.request('wt-add', { torrentId: seeder.magnet })
    expect(added.result).toEqual({ ok: true, value: { infoHash: seeder.infoHash } })
    const stream = (await client.event('wt-server-running')).payload as { url: string; fileIndex: number }
    expect(stream.url).toMatch(new RegExp(`^/stream/[\\w-]+/${seeder.infoHash}/0/film\\.mp4$`))

    // No cookie: a player given "Copy stream URL" has none.
    const middle = await httpRequest(origin, stream.url, { headers: { range: 'bytes=700000-1299999' } })
    expect(middle.status).toBe(206)
    expect(middle.headers['content-range']).toBe(`bytes 700000-1299999/${film.length}`)
    expect(middle.body.equals(Buffer.from(film.subarray(700_000, 1_300_000)))).toBe(true)
    const tail = await httpRequest(origin, stream.url, { headers: { range: 'bytes=-3000' } })
    expect(tail.body.equals(Buffer.from(film.subarray(film.length - 3000)))).toBe(true)

    cli.child.kill('SIGTERM')
    expect(await cli.waitForExit(15_000)).toEqual({ code: 0, signal: null })
    // What was watched is in the library the next serve opens.
    expect(await readFile(join(dir, 'library.json'), 'utf8')).toContain(seeder.infoHash)
    expect(existsSync(join(dir, 'downloads', seeder.infoHash))).toBe(true)
  })

  it('prints one plain line with the link, and takes the --password at /login', async () => {
    const cli = startCli(['serve', '--no-dht', '--data-dir', await dataDir(), '--password', 'open sesame'])
    const line = await cli.waitForLine((l) => l.startsWith('Peerwatch is running at'), 'the running line')
    const url = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(line)?.[1] ?? ''
    expect(url).not.toBe('')
    const origin = new URL(url).origin
    expect(line).toContain(`${origin}/login`)

    const login = await httpRequest(origin, '/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'password=open+sesame',
    })
    expect(login.status).toBe(303)
    const page = await httpRequest(origin, '/', { headers: { cookie: cookieFrom(login) } })
    expect(page.status).toBe(200)
    const wrong = await httpRequest(origin, '/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'password=wrong+guess',
    })
    expect(wrong.status).toBe(401)
    expect(cli.stderr).toBe('')
    // Neither password nor session ever reaches the output (logs, terminals, journald).
    const output = [...cli.lines, cli.stderr].join('\n')
    for (const secret of [
      'open sesame',
      'open+sesame',
      'wrong guess',
      cookieFrom(login).split('=')[1] ?? '-',
    ])
      expect(output).not.toContain(secret)
  })

  it('will not listen on the network without a password: one line, exit 2', async () => {
    const { cli, exit } = await runCli([
      'serve',
      '--host',
      '0.0.0.0',
      '--no-dht',
      '--data-dir',
      await dataDir(),
    ])
    expect(exit.code).toBe(2)
    expect(cli.stderrLines()).toHaveLength(1)
    expect(cli.stderrLines()[0]).toMatch(/^peerwatch: .*0\.0\.0\.0.*--password/)
    expect(cli.lines.join('')).toBe('')
  })

  it('says in one line that the port is taken, and exits 1', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    try {
      const args = ['serve', '--no-dht', '--data-dir', await dataDir(), '--port', String(port)]
      const { cli, exit } = await runCli(args)
      expect(exit.code).toBe(1)
      expect(cli.stderrLines()).toEqual([
        `peerwatch: Port ${port} is already in use on 127.0.0.1: choose another with --port.`,
      ])
    } finally {
      blocker.close()
    }
  })
})
