import { type ChildProcess, execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { torrentFilePath } from '../../src-main/engine/download-layout.js'
import { startAppHost } from '../../src-main/host/app-host.js'
import type { EngineLaunchTimeouts } from '../../src-main/host/engine-launcher.js'
import { forkedEngineFactory } from '../../src-main/host/forked-engine.js'
import { defaultSettings } from '../../src-main/host/settings.js'
import type { AppHostHandle } from '../../src-main/host/types.js'
import {
  type Api,
  EVENT_CHANNELS,
  type EventChannel,
  type EventPayload,
  type LibraryItem,
  type Settings,
} from '../../src-shared/contract.js'
import { testHostOptions } from '../helpers/app-host.js'
import { httpGet } from '../helpers/engine.js'
import { patternBytes, type Seeder, startSeeder } from '../helpers/swarm.js'
import { until } from '../helpers/until.js'

const WORKER = join(import.meta.dirname, '../../out/main/engine-worker.js')
const ENGINE_GONE = { code: 'UNAVAILABLE', message: 'The torrent engine stopped; try again.' }
const KEEPS_STOPPING = 'The torrent engine keeps stopping: restart Peerwatch.'
const film = patternBytes(3 * 1024 * 1024, 57)
/** The file being watched: not the one the engine would pick by itself. */
const data = patternBytes(2 * 1024 * 1024, 58)

let root: string
let seeder: Seeder
const hosts: AppHostHandle[] = []

beforeAll(async () => {
  if (!existsSync(WORKER)) execFileSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' })
  root = await mkdtemp(join(tmpdir(), 'pw-crash-'))
  // Seconds to download: the engine dies with most of it still to come.
  seeder = await startSeeder(
    [
      { path: 'film.mp4', data: film },
      { path: 'making-of.mp4', data },
    ],
    { pieceLength: 32 * 1024, uploadLimit: 1024 * 1024, name: 'Film' },
  )
})

afterAll(async () => {
  await Promise.all(hosts.map((host) => host.close()))
  await seeder?.destroy()
  await rm(root, { recursive: true, force: true })
})

/** A stand-in worker: a script written to the test folder. */
async function workerScript(name: string, source: string): Promise<string> {
  const path = join(root, name)
  await writeFile(path, source)
  return path
}

async function startHost(
  name: string,
  workerPath: string,
  opts: { timeouts?: EngineLaunchTimeouts; settings?: Partial<Settings>; restartDelaysMs?: number[] } = {},
) {
  const dir = join(root, name)
  await mkdir(dir, { recursive: true })
  const children: ChildProcess[] = []
  const host = await startAppHost(
    testHostOptions(dir, {
      startEngine: forkedEngineFactory(
        workerPath,
        { discovery: false },
        (child) => children.push(child),
        opts.timeouts,
      ),
      defaults: { ...defaultSettings(dir, {}), ...opts.settings },
      ...(opts.restartDelaysMs ? { engineRestartDelaysMs: opts.restartDelaysMs } : {}),
    }),
  )
  hosts.push(host)
  return { host, api: host.api, children, events: recordEvents(host.api) }
}

/** Every event the host delivers, with a way to wait for the next matching one. */
function recordEvents(api: Api) {
  const seen: Array<{ event: EventChannel; payload: unknown }> = []
  const arrivals = new Set<() => void>()
  for (const channel of EVENT_CHANNELS) {
    api.on(channel, (payload) => {
      seen.push({ event: channel, payload })
      for (const arrived of [...arrivals]) arrived()
    })
  }
  const nextArrival = (): Promise<boolean> =>
    new Promise((resolve) => {
      const arrived = (): void => {
        clearTimeout(timer)
        arrivals.delete(arrived)
        resolve(true)
      }
      // Only so a missing event fails with what did come, before the test's own timeout.
      const timer = setTimeout(() => {
        arrivals.delete(arrived)
        resolve(false)
      }, 30_000)
      arrivals.add(arrived)
    })
  const find = <C extends EventChannel>(
    channel: C,
    match: (payload: EventPayload<C>) => boolean,
    from: number,
  ) => seen.slice(from).findIndex((e) => e.event === channel && match(e.payload as EventPayload<C>))
  return {
    seen,
    mark: () => seen.length,
    /** Where the next matching event is in `seen`, waiting for it. */
    async indexOf<C extends EventChannel>(
      channel: C,
      match: (payload: EventPayload<C>) => boolean = () => true,
      from = 0,
    ): Promise<number> {
      for (let at = find(channel, match, from); ; at = find(channel, match, from)) {
        if (at >= 0) return from + at
        if (!(await nextArrival()))
          throw new Error(`no ${channel}; saw ${seen.map((e) => e.event).join(', ')}`)
      }
    },
    async next<C extends EventChannel>(
      channel: C,
      match: (payload: EventPayload<C>) => boolean = () => true,
      from = 0,
    ): Promise<EventPayload<C>> {
      return seen[await this.indexOf(channel, match, from)]?.payload as EventPayload<C>
    },
  }
}

async function libraryItems(api: Api): Promise<LibraryItem[]> {
  const list = await api.request('library-list', {})
  if (!list.ok) throw new Error(list.error.message)
  return list.value.items
}

async function rangeOf(url: string, start: number, end: number): Promise<Buffer> {
  const res = await httpGet(url, { range: `bytes=${start}-${end}` })
  if (res.status !== 206) throw new Error(`${url} answered ${res.status}`)
  return res.body
}

const slice = (start: number, end: number): Buffer => Buffer.from(data.subarray(start, end + 1))

describe.concurrent('the app host when its engine process dies', () => {
  it('starts a new engine, opens the film again, and it plays on at a new URL', async ({ expect }) => {
    const { host, api, children, events } = await startHost('killed', WORKER)
    // The pages may ask before the worker is up; the host holds the request for it.
    await new Promise((resolve) => setImmediate(resolve))
    expect(events.seen.some((e) => e.event === 'wt-ready')).toBe(false)
    expect(await api.request('wt-list', {})).toEqual({ ok: true, value: { torrents: [] } })
    const firstReady = await events.next('wt-ready')

    const infoHash = seeder.infoHash
    const added = await api.request('wt-add', { torrentId: seeder.magnet, fileName: 'making-of.mp4' })
    expect(added).toEqual({ ok: true, value: { infoHash } })
    const metadata = await events.next('wt-metadata', (p) => p.infoHash === infoHash)
    const first = await events.next('wt-server-running', (p) => p.infoHash === infoHash)
    expect(metadata.files[first.fileIndex]?.name).toBe('making-of.mp4')
    expect(first.fileIndex).not.toBe(metadata.defaultFileIndex)
    expect(first.url.startsWith(firstReady.origin)).toBe(true)
    expect((await rangeOf(first.url, 0, 65_535)).equals(slice(0, 65_535))).toBe(true)

    // What a page asks while the engine is being replaced, and what the library says meanwhile.
    let whileRestarting: Promise<unknown> | null = null
    let libraryWhileRestarting: Promise<LibraryItem[]> | null = null
    api.on('app-engine-status', ({ state }) => {
      if (state !== 'restarting') return
      whileRestarting ??= api.request('wt-list', {})
      libraryWhileRestarting ??= libraryItems(api)
    })
    // The engine saves the .torrent beside the data after the metadata, without holding the
    // stream for it; the new engine opens the film from that file, as no peer knows it yet.
    const settings = await api.request('settings-get', {})
    if (!settings.ok) throw new Error(settings.error.message)
    await until(() => existsSync(torrentFilePath(settings.value.downloadDir, infoHash)))
    const from = events.mark()
    children[0]?.kill('SIGKILL')
    // Asked of the engine that just died: answered, not left hanging.
    expect(await api.request('wt-list', {})).toEqual({ ok: false, error: ENGINE_GONE })

    const restarting = await events.indexOf('app-engine-status', (p) => p.state === 'restarting', from)
    const running = await events.indexOf('app-engine-status', (p) => p.state === 'running', from)
    expect(restarting).toBeLessThan(running)
    expect(await whileRestarting).toMatchObject({ ok: true, value: { torrents: expect.any(Array) } })
    expect(await libraryWhileRestarting).toMatchObject([{ infoHash, active: true }])

    const ready = await events.next('wt-ready', (p) => p.origin !== firstReady.origin, from)
    const second = await events.next('wt-server-running', (p) => p.infoHash === infoHash, running)
    expect(second.url).not.toBe(first.url)
    expect(second.url.startsWith(ready.origin)).toBe(true)
    // The same file as before, not the one the engine would pick by itself.
    expect(second.fileIndex).toBe(first.fileIndex)
    const uploadedBefore = seeder.torrent.uploaded
    // A tracker would tell the seeder where the new engine listens; discovery is off here.
    seeder.client.torrents[0]?.addPeer(`127.0.0.1:${ready.peerPort}`)
    const middle = Math.floor(data.length / 2)
    const end = data.length - 1
    expect((await rangeOf(second.url, 0, 65_535)).equals(slice(0, 65_535))).toBe(true)
    expect((await rangeOf(second.url, middle, middle + 99_999)).equals(slice(middle, middle + 99_999))).toBe(
      true,
    )
    expect((await rangeOf(second.url, end - 99_999, end)).equals(slice(end - 99_999, end))).toBe(true)
    // The new engine fetched what the old one had not: the download went on.
    expect(seeder.torrent.uploaded).toBeGreaterThan(uploadedBefore)

    expect(await libraryItems(api)).toMatchObject([{ infoHash, active: true, removeAt: null }])
    // A page opened now learns the engine is back without waiting for the next change.
    const heard: unknown[] = []
    api.on('app-engine-status', (payload) => heard.push(payload))
    await new Promise((resolve) => setImmediate(resolve))
    expect(heard).toEqual([{ state: 'running' }])
    const list = await api.request('wt-list', {})
    expect(list.ok && list.value.torrents.map((t) => t.url)).toEqual([second.url])
    expect(children).toHaveLength(2)

    // Stopping an engine on purpose is no crash: a settings restart, then quitting.
    const beforeSettings = events.mark()
    expect(await api.request('settings-set', { idleCloseMinutes: 10 })).toMatchObject({ ok: true })
    await events.next('wt-server-running', (p) => p.infoHash === infoHash, beforeSettings)
    await host.close()
    expect(children.map((child) => child.exitCode ?? child.signalCode)).toEqual(['SIGKILL', 0, 0])
    expect(events.seen.slice(beforeSettings).filter((e) => e.event === 'app-engine-status')).toEqual([])
  })

  it('gives up after five quick deaths in a row, says so, and keeps answering', async ({ expect }) => {
    const crashing = await workerScript(
      'ready-then-exit.cjs',
      `process.send({ kind: 'event', event: 'wt-ready', payload: { origin: 'http://127.0.0.1:9', peerPort: null } }, () => process.exit(1))\n`,
    )
    // Real workers dying at once; the waits between restarts shortened (the unit test times them).
    const { api, children, events } = await startHost('crash-loop', crashing, {
      restartDelaysMs: [10, 20, 40, 80, 160],
    })
    const failed = await events.next('wt-error', (p) => p.code === 'TORRENT_FAILED')
    expect(failed).toEqual({ code: 'TORRENT_FAILED', message: KEEPS_STOPPING })
    // The first engine and five restarts, and no sixth once it gave up.
    expect(children).toHaveLength(6)
    expect(await api.request('wt-list', {})).toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: KEEPS_STOPPING },
    })
    expect(children).toHaveLength(6)
    // The rest of the app goes on without an engine.
    expect(await api.request('library-list', {})).toEqual({ ok: true, value: { items: [] } })
    expect(await api.request('settings-get', {})).toMatchObject({ ok: true })
  })

  it('a worker that never says it is ready is stopped, and requests say the engine did not start', async ({
    expect,
  }) => {
    const idle = await workerScript('idle.cjs', 'setInterval(() => {}, 1000)\n')
    // A polite stop would outlast the test: the answer comes only if the worker is killed at once.
    const timeouts = { readyMs: 1_000, stopMs: 10 * 60_000 }
    const { api, children } = await startHost('never-ready', idle, { timeouts })
    expect(await api.request('wt-list', {})).toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'The torrent engine did not start in time.' },
    })
    expect(children.map((child) => child.signalCode)).toEqual(['SIGKILL'])
    expect(await api.request('library-list', {})).toEqual({ ok: true, value: { items: [] } })
  })

  it('a worker that cannot start says why', async ({ expect }) => {
    const notAFolder = join(root, 'not-a-folder')
    await writeFile(notAFolder, '')
    const downloadDir = join(notAFolder, 'downloads')
    const { api } = await startHost('bad-folder', WORKER, { settings: { downloadDir } })
    const list = await api.request('wt-list', {})
    expect(list).toMatchObject({ ok: false, error: { message: expect.stringContaining(downloadDir) } })
  })
})
