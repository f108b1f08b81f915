import { execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, expect, it } from 'vitest'
import { type Seeder, startSeeder } from '../helpers/swarm.js'

const CLI = join(import.meta.dirname, '../../out/main/cli.js')
const FIXTURE = join(import.meta.dirname, '../fixtures/moov-at-end.mp4')
let cleanup: Array<() => Promise<void>> = []

beforeAll(() => {
  if (!existsSync(CLI)) execFileSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' })
})

afterEach(async () => {
  for (const done of cleanup) await done()
  cleanup = []
})

// A stand-in for VLC (the real one is not installed here): it records its arguments, reads the
// first KB of the stream like a player would, and quits.
const FAKE_VLC = `#!/usr/bin/env node
const { writeFileSync } = require('node:fs')
const [url, ...rest] = process.argv.slice(2)
fetch(url, { headers: { range: 'bytes=0-1023' } })
  .then(async (res) => {
    const body = Buffer.from(await res.arrayBuffer())
    writeFileSync(process.env.FAKE_VLC_LOG, JSON.stringify({ url, rest, status: res.status, head: body.toString('base64') }))
  })
  .catch((err) => writeFileSync(process.env.FAKE_VLC_LOG, JSON.stringify({ error: String(err) })))
`

it('--vlc hands the stream URL and title to VLC and exits when VLC quits', async () => {
  const film = await readFile(FIXTURE)
  const seeder: Seeder = await startSeeder([{ path: 'film.mp4', data: film }], { pieceLength: 16 * 1024 })
  const dir = await mkdtemp(join(tmpdir(), 'pw-vlc-'))
  cleanup.push(seeder.destroy, () => rm(dir, { recursive: true, force: true }))
  await writeFile(join(dir, 'vlc'), FAKE_VLC)
  await chmod(join(dir, 'vlc'), 0o755)
  const log = join(dir, 'vlc.json')

  const cli = spawn(
    process.execPath,
    [CLI, 'stream', seeder.magnet, '--vlc', '--no-dht', '--download-dir', join(dir, 'dl')],
    {
      env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, FAKE_VLC_LOG: log },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let stderr = ''
  cli.stderr.on('data', (c: Buffer) => {
    stderr += c.toString()
  })
  const code = await new Promise<number | null>((resolve) => cli.on('exit', resolve))
  expect(code, stderr).toBe(0)
  const seen = JSON.parse(await readFile(log, 'utf8')) as {
    url: string
    rest: string[]
    status: number
    head: string
  }
  expect(seen.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.+\/film\.mp4$/)
  expect(seen.rest).toContain('--meta-title=film.mp4')
  expect(seen.status).toBe(206)
  expect(Buffer.from(seen.head, 'base64').equals(film.subarray(0, 1024))).toBe(true)
})

const vlcInstalled = ['/usr/bin/vlc', '/usr/local/bin/vlc', '/snap/bin/vlc'].some((p) => existsSync(p))

it.skipIf(vlcInstalled)('--vlc says where to get VLC when it is not installed', async () => {
  const film = await readFile(FIXTURE)
  const seeder = await startSeeder([{ path: 'film.mp4', data: film }], { pieceLength: 16 * 1024 })
  const dir = await mkdtemp(join(tmpdir(), 'pw-novlc-'))
  cleanup.push(seeder.destroy, () => rm(dir, { recursive: true, force: true }))
  const cli = spawn(
    process.execPath,
    [CLI, 'stream', seeder.magnet, '--vlc', '--no-dht', '--download-dir', join(dir, 'dl')],
    {
      env: { ...process.env, PATH: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let stderr = ''
  cli.stderr.on('data', (c: Buffer) => {
    stderr += c.toString()
  })
  const code = await new Promise<number | null>((resolve) => cli.on('exit', resolve))
  expect(code).toBe(1)
  expect(stderr).toContain('VLC was not found')
  expect(stderr).toContain('videolan.org')
  expect(stderr).not.toMatch(/\n\s+at /)
})
