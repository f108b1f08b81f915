import { type ChildProcess, execFileSync, fork } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ipcPort } from '../../src-main/engine/port.js'
import { connectEngine } from '../../src-main/engine/worker.js'
import type { EventPayload } from '../../src-shared/contract.js'
import { httpGet } from '../helpers/engine.js'
import { patternBytes, type Seeder, startSeeder } from '../helpers/swarm.js'

const WORKER = join(import.meta.dirname, '../../out/main/engine-worker.js')

let child: ChildProcess
let api: ReturnType<typeof connectEngine>
let seeder: Seeder
let dir: string
let ready: EventPayload<'wt-ready'>
const data = patternBytes(512 * 1024, 31)

beforeAll(async () => {
  if (!existsSync(WORKER)) execFileSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' })
  dir = await mkdtemp(join(tmpdir(), 'pw-worker-'))
  seeder = await startSeeder([{ path: 'film.mp4', data }], { pieceLength: 32 * 1024 })
  child = fork(WORKER, [], {
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, PEERWATCH_ENGINE_OPTIONS: JSON.stringify({ downloadDir: dir, discovery: false }) },
  })
  api = connectEngine(ipcPort(child))
  ready = await new Promise((resolve) => {
    // wt-ready comes before anything else: the handshake the desktop relay waits for.
    child.once('message', (m) => resolve((m as { payload: EventPayload<'wt-ready'> }).payload))
  })
})

afterAll(async () => {
  api?.close()
  child?.kill()
  await seeder?.destroy()
  await rm(dir, { recursive: true, force: true })
})

function nextEvent<C extends 'wt-server-running' | 'wt-metadata'>(channel: C): Promise<EventPayload<C>> {
  return new Promise((resolve) => {
    const off = api.on(channel, (payload) => {
      off()
      resolve(payload)
    })
  })
}

describe('the engine in its own process (child_process, as the desktop app forks it)', () => {
  it('announces where its stream server and BitTorrent port listen', () => {
    expect(ready.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(ready.peerPort).toBeGreaterThan(0)
  })

  it('answers bad requests with coded errors and stays up', async () => {
    child.send('not a message at all')
    child.send({ kind: 'request', id: 'x', channel: 'wt-add' })
    const unknown = await api.request('wt-teleport' as never, {} as never)
    expect(unknown).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNKNOWN_CHANNEL' }) })
    // The library and settings belong to the app host, never to the torrent worker.
    const appChannel = await api.request('library-list', {})
    expect(appChannel).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNKNOWN_CHANNEL' }) })
    const malformed = await api.request('wt-add', { torrentId: 42 } as never)
    expect(malformed).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST' }) })
    const badMagnet = await api.request('wt-add', { torrentId: 'magnet:?xt=urn:btih:nothex' })
    expect(badMagnet).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_MAGNET' }) })
    const truncated = await api.request('wt-add', { torrentFile: seeder.torrentFile.subarray(0, 60) })
    expect(truncated).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_TORRENT_FILE' }) })
    expect(child.exitCode).toBeNull()
  })

  it('takes a .torrent file as bytes, streams it byte-exact, and survives hostile Range headers', async () => {
    const running = nextEvent('wt-server-running')
    const added = await api.request('wt-add', { torrentFile: seeder.torrentFile })
    expect(added).toEqual({ ok: true, value: { infoHash: seeder.infoHash } })
    // The .torrent names no peers; hand the engine its loopback seeder the way a tracker would.
    seeder.client.torrents[0]?.addPeer(`127.0.0.1:${ready.peerPort}`)
    const { url } = await running
    for (const range of [
      'bytes=--1',
      'bytes=1-2-3',
      'bytes=99999999999999999999-',
      'bytes=0-1,5-9',
      `bytes=${'9'.repeat(300)}`,
      'bytes=\u00ff-',
    ]) {
      const res = await httpGet(url, { range })
      expect([200, 206, 416]).toContain(res.status)
      if (res.status === 200) expect(res.body.equals(Buffer.from(data))).toBe(true)
    }
    const tail = await httpGet(url, { range: 'bytes=-1000' })
    expect(tail.body.equals(Buffer.from(data.subarray(data.length - 1000)))).toBe(true)
    const list = await api.request('wt-list', {})
    expect(list.ok && list.value.torrents.map((t) => t.infoHash)).toEqual([seeder.infoHash])
    // Marked open, so a cleanup from another process (cron) leaves it alone.
    await expect.poll(() => existsSync(join(dir, `${seeder.infoHash}.active`))).toBe(true)
    // Saved beside the data, so the library can open it again without the original file.
    await expect.poll(() => existsSync(join(dir, `${seeder.infoHash}.torrent`))).toBe(true)
    expect(
      readFileSync(join(dir, `${seeder.infoHash}.torrent`)).equals(Buffer.from(seeder.torrentFile)),
    ).toBe(true)
    expect(child.exitCode).toBeNull()
  })

  it('removes a torrent with its data on request', async () => {
    const removed = await api.request('wt-remove', { infoHash: seeder.infoHash, deleteData: true })
    expect(removed).toEqual({ ok: true, value: { removed: true } })
    expect(existsSync(join(dir, seeder.infoHash))).toBe(false)
    expect(existsSync(join(dir, `${seeder.infoHash}.torrent`))).toBe(false)
    await expect.poll(() => existsSync(join(dir, `${seeder.infoHash}.active`))).toBe(false)
  })
})
