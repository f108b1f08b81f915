import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAppHost } from '../../src-main/host/app-host.js'
import { inProcessEngineFactory } from '../../src-main/host/engine-link.js'
import type { AppHostHandle } from '../../src-main/host/types.js'
import type { EventPayload, LibraryItem } from '../../src-shared/contract.js'
import { testHostOptions } from '../helpers/app-host.js'
import { httpGet } from '../helpers/engine.js'
import { patternBytes, type Seeder, startSeeder } from '../helpers/swarm.js'

// Tried as a person would: change the download folder in Settings, and back. What was watched,
// and where it stopped, belongs to the library, not to a folder.

const film = patternBytes(400_000, 61)
let dir: string
let seeder: Seeder | null
let host: AppHostHandle
let nextFolder: string | null = null
const progress: Array<EventPayload<'library-move-progress'>> = []

async function item(): Promise<LibraryItem | undefined> {
  const list = await host.api.request('library-list', {})
  return list.ok ? list.value.items.find((i) => i.infoHash === seeder?.infoHash) : undefined
}

/** As the system's dialog does: the folder picked exists (created in the dialog if need be). */
async function chooseFolder(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true })
  nextFolder = folder
  const chosen = await host.api.request('settings-choose', { setting: 'downloadDir' })
  expect(chosen).toMatchObject({ ok: true, value: { downloadDir: folder } })
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-folders-'))
  seeder = await startSeeder([{ path: 'film.mp4', data: film }], { pieceLength: 32 * 1024 })
  host = await startAppHost(
    testHostOptions(dir, {
      startEngine: inProcessEngineFactory({ discovery: false }),
      choosePath: async () => nextFolder,
    }),
  )
  host.api.on('library-move-progress', (p) => progress.push(p))
})

afterAll(async () => {
  await host?.close()
  await seeder?.destroy()
  await rm(dir, { recursive: true, force: true })
})

describe('changing the download folder', () => {
  it('keeps every film listed with where it stopped, there and back, and moves them on request', async () => {
    const first = join(dir, 'first')
    const second = join(dir, 'second')
    await chooseFolder(first)
    const infoHash = seeder?.infoHash ?? ''
    expect(await host.api.request('wt-add', { torrentId: seeder?.magnet ?? '' })).toMatchObject({ ok: true })
    await expect.poll(async () => (await item())?.downloaded, { timeout: 20_000 }).toBe(film.length)
    await host.api.request('player-position', { infoHash, fileIndex: 0, position: 42, duration: 90 })
    await host.api.request('wt-remove', { infoHash })
    const watched = { position: 42, duration: 90, fileIndex: 0 }

    await chooseFolder(second)
    expect(await item()).toMatchObject({ name: 'film.mp4', folder: first, positions: [watched] })

    await chooseFolder(first)
    const back = await item()
    expect(back).toMatchObject({ name: 'film.mp4', positions: [watched] })
    expect(back?.folder).toBeUndefined()

    // Now move it: the data goes to the new folder, with progress, and plays from there alone.
    await chooseFolder(second)
    expect(await host.api.request('library-move', {})).toEqual({ ok: true, value: { moved: 1 } })
    expect(progress.at(-1)).toMatchObject({ infoHash, moved: progress.at(-1)?.total })
    expect(progress.at(-1)?.total).toBeGreaterThanOrEqual(film.length)
    expect(existsSync(join(second, infoHash))).toBe(true)
    expect(existsSync(join(first, infoHash))).toBe(false)
    const moved = await item()
    expect(moved).toMatchObject({ positions: [watched] })
    expect(moved?.folder).toBeUndefined()

    await seeder?.destroy()
    seeder = null
    const played = await host.api.request('library-play', { infoHash })
    expect(played).toEqual({ ok: true, value: { infoHash } })
    const streamUrl = async (): Promise<string | null> => {
      const list = await host.api.request('wt-list', {})
      return (list.ok && list.value.torrents[0]?.url) || null
    }
    await expect.poll(streamUrl, { timeout: 15_000 }).toBeTruthy()
    const whole = await httpGet((await streamUrl()) ?? '')
    expect(whole.body.equals(Buffer.from(film))).toBe(true)
  })
})
