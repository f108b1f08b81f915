import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Engine } from '../../src-main/engine/engine.js'
import { startAppHost } from '../../src-main/host/app-host.js'
import { inProcessEngineFactory } from '../../src-main/host/engine-link.js'
import { providerSearch } from '../../src-main/host/host-search.js'
import type { AppHostHandle } from '../../src-main/host/types.js'
import { type Api, EVENT_CHANNELS, type EventChannel, type EventPayload } from '../../src-shared/contract.js'
import { TEST_VERSION, testHostOptions } from '../helpers/app-host.js'
import { httpGet } from '../helpers/engine.js'
import { type FakeSite, fixture, json, startFakeSite } from '../helpers/search-servers.js'
import { patternBytes, type Seeder, startSeeder } from '../helpers/swarm.js'

const data = patternBytes(512 * 1024, 41)
let seeder: Seeder | null
let dir: string
let downloadDir: string
let infoHash: string
let host: AppHostHandle
let api: Api
let events: ReturnType<typeof recordEvents>
let apibay: FakeSite
let archive: FakeSite
const engines: Engine[] = []
/** While set, a new engine waits for it before starting (to catch requests made meanwhile). */
let engineStartGate: Promise<void> | null = null

/** Every event the host delivers, with a way to wait for the next matching one. */
function recordEvents(target: Api) {
  const seen: Array<{ event: EventChannel; payload: unknown }> = []
  for (const channel of EVENT_CHANNELS)
    target.on(channel, (payload) => seen.push({ event: channel, payload }))
  return {
    seen,
    mark: () => seen.length,
    async next<C extends EventChannel>(
      channel: C,
      match: (payload: EventPayload<C>) => boolean = () => true,
      from = 0,
    ): Promise<EventPayload<C>> {
      const deadline = Date.now() + 30_000
      for (;;) {
        const hit = seen.slice(from).find((e) => e.event === channel && match(e.payload as EventPayload<C>))
        if (hit) return hit.payload as EventPayload<C>
        if (Date.now() > deadline)
          throw new Error(`no ${channel}; saw ${seen.map((e) => e.event).join(', ')}`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    },
  }
}

/** Stands in for VLC: what the desktop app would have launched. */
const launches: Array<{ url: string; title: string; playerPath: string }> = []
let playerInstalled = true
async function recordLaunch(url: string, title: string, playerPath: string): Promise<void> {
  if (!playerInstalled) throw Object.assign(new Error('VLC is not installed.'), { code: 'PLAYER_NOT_FOUND' })
  launches.push({ url, title, playerPath })
}

/** Stands in for the desktop's native dialog: what the person picks next (null: they cancel). */
let nextChoice: string | null = null

async function startHost(openExternal?: typeof recordLaunch): Promise<void> {
  const inProcess = inProcessEngineFactory({ discovery: false }, (engine) => engines.push(engine))
  host = await startAppHost(
    testHostOptions(dir, {
      startEngine: async (options) => {
        await engineStartGate
        return inProcess(options)
      },
      search: providerSearch({ PEERWATCH_ARCHIVE_URL: archive.url }),
      openExternal,
      choosePath: async () => nextChoice,
      // The search stand-ins listen on 127.0.0.1: here it plays the internet.
      isPublicAddress: (address) => address === '127.0.0.1',
    }),
  )
  api = host.api
  events = recordEvents(api)
}

async function libraryItem() {
  const list = await api.request('library-list', {})
  if (!list.ok) throw new Error(list.error.message)
  return list.value.items.find((item) => item.infoHash === infoHash)
}

async function expectFilm(url: string): Promise<void> {
  const whole = await httpGet(url)
  expect(whole.status).toBe(200)
  expect(whole.body.equals(Buffer.from(data))).toBe(true)
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-host-'))
  downloadDir = join(dir, 'downloads')
  const seeding = await startSeeder([{ path: 'film.mp4', data }], { pieceLength: 32 * 1024 })
  seeder = seeding
  infoHash = seeding.infoHash
  apibay = await startFakeSite(() => json(fixture('apibay-q.json')))
  archive = await startFakeSite(() => json({}, 503))
  await startHost()
})

afterAll(async () => {
  await host?.close()
  await seeder?.destroy()
  await Promise.all([apibay?.close(), archive?.close()])
  await rm(dir, { recursive: true, force: true })
})

describe('the app host with a real engine and a loopback seeder', () => {
  it('adds a magnet: the library lists it open and named, and its stream URL plays the film', async () => {
    const added = await api.request('wt-add', { torrentId: seeder?.magnet ?? '' })
    expect(added).toEqual({ ok: true, value: { infoHash } })
    const changed = await events.next('library-changed', (p) => p.items.some((i) => i.name === 'film.mp4'))
    expect(changed.items).toMatchObject([{ infoHash, name: 'film.mp4', active: true, removeAt: null }])
    const { url } = await events.next('wt-server-running')
    // Heard although the engine announced itself before this page subscribed.
    expect(url.startsWith((await events.next('wt-ready')).origin)).toBe(true)
    const head = await httpGet(url, { range: 'bytes=0-9999' })
    expect(head.status).toBe(206)
    expect(head.body.equals(Buffer.from(data.subarray(0, 10_000)))).toBe(true)
    await expectFilm(url)
    await expect.poll(async () => (await libraryItem())?.downloaded, { timeout: 15_000 }).toBe(data.length)
    expect(existsSync(join(downloadDir, `${infoHash}.torrent`))).toBe(true)
  })

  it('refuses local paths from the page and answers bad requests with coded errors', async () => {
    for (const torrentId of [
      join(downloadDir, `${infoHash}.torrent`),
      '/etc/passwd',
      'C:\\films\\a.torrent',
    ]) {
      expect(await api.request('wt-add', { torrentId })).toEqual({
        ok: false,
        error: {
          code: 'BAD_TORRENT_ID',
          message: 'Paste a magnet link, an infohash or a .torrent link, or drop the .torrent file.',
        },
      })
    }
    const unknown = await api.request('wt-teleport' as never, {} as never)
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
    const malformed = await api.request('player-position', { infoHash: 'nope' } as never)
    expect(malformed).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    // Folders and programs are never named by a page; a dialog of the computer's own picks them.
    const named = await api.request('settings-set', { downloadDir: join(dir, 'elsewhere') } as never)
    expect(named).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('downloadDir') },
    })
    const player = await api.request('settings-set', { externalPlayerPath: '/tmp/film.exe' } as never)
    expect(player).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    nextChoice = 'films'
    const relative = await api.request('settings-choose', { setting: 'downloadDir' })
    expect(relative).toEqual({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: 'The download folder must be an absolute path.',
        field: 'downloadDir',
      },
    })
    nextChoice = null
    expect(await api.request('settings-choose', { setting: 'downloadDir' })).toMatchObject({
      ok: true,
      value: { downloadDir },
    })
    const local = await api.request('settings-set', { apibayUrl: 'http://192.168.1.1/' })
    expect(local).toEqual({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message:
          'The search address must be a server on the internet, not this computer or the local network.',
      },
    })
    const tool = { version: expect.any(String), source: expect.stringMatching(/^(system|bundled)$/) }
    expect(await api.request('app-info', {})).toEqual({
      ok: true,
      value: {
        shell: 'web',
        version: TEST_VERSION,
        canOpenExternal: false,
        // What Settings shows: the ffmpeg that converts, never its path on the server.
        media: { ffmpeg: tool, ffprobe: tool, hardwareEncoders: expect.any(Array) },
      },
    })
    const vlc = await api.request('player-open-external', { infoHash, fileIndex: 0 })
    expect(vlc).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', message: expect.stringContaining('VLC') },
    })
  })

  it('remembers where the person stopped watching', async () => {
    const saved = await api.request('player-position', {
      infoHash,
      fileIndex: 0,
      position: 61.5,
      duration: 120,
    })
    expect(saved).toEqual({ ok: true, value: { saved: true } })
    expect((await libraryItem())?.positions).toMatchObject([{ fileIndex: 0, position: 61.5, duration: 120 }])
  })

  it('searches The Pirate Bay at the mirror named in settings', async () => {
    expect(await api.request('settings-set', { apibayUrl: apibay.url })).toMatchObject({ ok: true })
    const found = await api.request('search', { query: 'big buck bunny' })
    expect(found.ok && found.value.results.map((r) => r.name)).toContain(
      'Big Buck Bunny (2008) 1080p BluRay x264',
    )
    expect(apibay.requests.map((u) => u.searchParams.get('q'))).toContain('big buck bunny')
  })

  it('restarts the engine when the idle time changes, holding requests, and opens the film again', async () => {
    const from = events.mark()
    const first = engines.at(-1)
    let letEngineStart = (): void => {}
    engineStartGate = new Promise((resolve) => {
      letEngineStart = resolve
    })
    const set = api.request('settings-set', { idleCloseMinutes: 10 })
    expect(await events.next('settings-changed', () => true, from)).toMatchObject({ idleCloseMinutes: 10 })
    // Asked while the new engine is starting: it waits for that engine instead of failing.
    let answered = false
    const duringRestart = api.request('wt-list', {}).finally(() => {
      answered = true
    })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(answered).toBe(false)
    engineStartGate = null
    letEngineStart()
    expect(await duringRestart).toMatchObject({ ok: true })
    expect(await set).toMatchObject({ ok: true, value: { idleCloseMinutes: 10 } })

    const running = await events.next('wt-server-running', (p) => p.infoHash === infoHash, from)
    expect(running.url.startsWith((await events.next('wt-ready', () => true, from)).origin)).toBe(true)
    expect(engines.length).toBe(2)
    expect(engines.at(-1)).not.toBe(first)
    await expectFilm(running.url)
    expect((await libraryItem())?.active).toBe(true)
    const list = await api.request('wt-list', {})
    expect(list.ok && list.value.torrents.map((t) => t.url)).toEqual([running.url])
  })

  it('keeps the download folder it has when the new one cannot be used, and creates none unasked', async () => {
    await writeFile(join(dir, 'a-file'), '')
    nextChoice = join(dir, 'a-file', 'downloads')
    const set = await api.request('settings-choose', { setting: 'downloadDir' })
    nextChoice = join(dir, 'a-file')
    const file = await api.request('settings-choose', { setting: 'downloadDir' })
    nextChoice = null
    expect(set).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', field: 'downloadDir', message: expect.stringMatching(/does not exist/) },
    })
    expect(file).toMatchObject({
      ok: false,
      error: { message: `${join(dir, 'a-file')} is a file, not a folder.` },
    })
    expect(existsSync(join(dir, 'a-file', 'downloads'))).toBe(false)
    expect(await api.request('settings-get', {})).toMatchObject({ ok: true, value: { downloadDir } })
    const list = await api.request('wt-list', {})
    expect(list.ok && list.value.torrents.map((t) => t.infoHash)).toEqual([infoHash])
  })

  it('after a restart of the app the film is listed, closed, and plays from the saved .torrent', async () => {
    await host.close()
    // No peer has the film any more: only the .torrent and the data on disk can play it.
    await seeder?.destroy()
    seeder = null
    await startHost(recordLaunch)
    const item = await libraryItem()
    expect(item).toMatchObject({ name: 'film.mp4', active: false, positions: [{ position: 61.5 }] })
    expect(item?.removeAt).toBeGreaterThan(Date.now())
    expect(await api.request('settings-get', {})).toMatchObject({ ok: true, value: { idleCloseMinutes: 10 } })
    const played = await api.request('library-play', { infoHash })
    expect(played).toEqual({ ok: true, value: { infoHash } })
    const { url } = await events.next('wt-server-running', (p) => p.infoHash === infoHash)
    await expectFilm(url)
    expect((await libraryItem())?.active).toBe(true)
  })

  it('hands the stream to the external player, and says so when there is none', async () => {
    expect(await api.request('app-info', {})).toMatchObject({ ok: true, value: { canOpenExternal: true } })
    const list = await api.request('wt-list', {})
    const url = list.ok ? list.value.torrents[0]?.url : null
    const launched = await api.request('player-open-external', { infoHash, fileIndex: 0 })
    expect(launched).toEqual({ ok: true, value: { launched: true } })
    expect(launches).toEqual([{ url, title: 'film.mp4', playerPath: '' }])
    playerInstalled = false
    const missing = await api.request('player-open-external', { infoHash, fileIndex: 0 })
    expect(missing).toEqual({
      ok: false,
      error: { code: 'PLAYER_NOT_FOUND', message: 'VLC is not installed.' },
    })
  })

  it('deletes a film: its folder, its .torrent and its library entry', async () => {
    const deleted = await api.request('library-delete', { infoHash })
    expect(deleted).toEqual({ ok: true, value: { removed: true } })
    expect(existsSync(join(downloadDir, infoHash))).toBe(false)
    expect(existsSync(join(downloadDir, `${infoHash}.torrent`))).toBe(false)
    expect(await libraryItem()).toBeUndefined()
    const list = await api.request('wt-list', {})
    expect(list).toEqual({ ok: true, value: { torrents: [] } })
    const again = await api.request('library-play', { infoHash })
    expect(again).toMatchObject({ ok: false, error: { code: 'NO_SUCH_TORRENT' } })
  })
})
