import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  OpenQueue,
  type OpenRequest,
  openRequest,
  openRequestFromArg,
  openRequestsFromArgv,
  readTorrentFile,
} from '../../src-main/app/open-requests.js'
import { startAppHost } from '../../src-main/host/app-host.js'
import { defaultSettings } from '../../src-main/host/settings.js'
import type { AppHostHandle } from '../../src-main/host/types.js'
import type { EventPayload } from '../../src-shared/contract.js'
import { testHostOptions } from '../helpers/app-host.js'
import { patternBytes, type Seeder, startSeeder } from '../helpers/swarm.js'

const MAGNET = `magnet:?xt=urn:btih:${'c'.repeat(40)}&dn=Film`

describe('openRequestsFromArgv', () => {
  it('takes magnets and .torrent paths, skipping the executable, switches and the dev "."', () => {
    const argv = [
      '/opt/Peerwatch/peerwatch',
      '--no-sandbox',
      '--inspect=9229',
      '.',
      MAGNET,
      'films/Some Film.torrent',
      '/home/ana/Downloads/other.TORRENT',
      'notes.txt',
      'https://example.com/a.torrent',
      '--original-process-start-time=13371',
    ]
    expect(openRequestsFromArgv(argv, '/home/ana', 'linux')).toEqual([
      { kind: 'magnet', link: MAGNET },
      { kind: 'torrent-file', path: '/home/ana/films/Some Film.torrent' },
      { kind: 'torrent-file', path: '/home/ana/Downloads/other.TORRENT' },
    ])
  })

  it('reads file:// URLs to .torrent files and ignores other file URLs', () => {
    const url = pathToFileURL('/home/ana/My Films/film.torrent').href
    expect(openRequestsFromArgv(['peerwatch', url, 'file:///etc/passwd'], '/', 'linux')).toEqual([
      { kind: 'torrent-file', path: '/home/ana/My Films/film.torrent' },
    ])
  })

  it('resolves Windows paths by Windows rules', () => {
    const argv = ['C:\\Program Files\\Peerwatch\\Peerwatch.exe', 'film.torrent', 'D:\\t\\x.torrent', MAGNET]
    expect(openRequestsFromArgv(argv, 'C:\\Users\\ana', 'win32')).toEqual([
      { kind: 'torrent-file', path: 'C:\\Users\\ana\\film.torrent' },
      { kind: 'torrent-file', path: 'D:\\t\\x.torrent' },
      { kind: 'magnet', link: MAGNET },
    ])
    expect(openRequestFromArg('file:///C:/Users/ana/x.torrent', 'C:\\', 'win32')).toEqual({
      kind: 'torrent-file',
      path: 'C:\\Users\\ana\\x.torrent',
    })
  })

  it('answers nothing for a plain launch', () => {
    expect(
      openRequestsFromArgv(['/Applications/Peerwatch.app/Contents/MacOS/Peerwatch'], '/', 'darwin'),
    ).toEqual([])
    expect(openRequestsFromArgv([], '/', 'linux')).toEqual([])
  })

  it('takes macOS open-url magnets and open-file paths', () => {
    expect(openRequestFromArg(MAGNET, '/', 'darwin')).toEqual({ kind: 'magnet', link: MAGNET })
    expect(openRequestFromArg('MAGNET:?xt=urn:btih:abc', '/', 'darwin')).toMatchObject({ kind: 'magnet' })
    expect(openRequestFromArg('/Users/ana/Downloads/a.torrent', '/', 'darwin')).toEqual({
      kind: 'torrent-file',
      path: '/Users/ana/Downloads/a.torrent',
    })
    expect(openRequestFromArg('magnet:nothing', '/', 'darwin')).toBeNull()
    expect(openRequestFromArg('/Users/ana/film.mkv', '/', 'darwin')).toBeNull()
  })
})

describe('OpenQueue', () => {
  it('keeps requests until a handler attaches, then passes them on in order', () => {
    const queue = new OpenQueue()
    const seen: OpenRequest[] = []
    queue.push({ kind: 'magnet', link: MAGNET }, null)
    queue.push({ kind: 'torrent-file', path: '/a.torrent' })
    queue.attach((request) => seen.push(request))
    queue.push({ kind: 'torrent-file', path: '/b.torrent' })
    expect(seen).toEqual([
      { kind: 'magnet', link: MAGNET },
      { kind: 'torrent-file', path: '/a.torrent' },
      { kind: 'torrent-file', path: '/b.torrent' },
    ])
  })
})

describe('opening in the app host', () => {
  let dir: string
  let host: AppHostHandle
  let seeder: Seeder
  let torrentPath: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw-open-'))
    seeder = await startSeeder([{ path: 'film.mp4', data: patternBytes(64 * 1024, 7) }], { name: 'Opened' })
    torrentPath = join(dir, 'Opened.torrent')
    await writeFile(torrentPath, seeder.torrentFile)
    host = await startAppHost(
      testHostOptions(dir, { shell: 'desktop', defaults: defaultSettings(join(dir, 'data'), {}) }),
    )
  })

  afterAll(async () => {
    await host?.close()
    await seeder?.destroy()
    await rm(dir, { recursive: true, force: true })
  })

  /** What the page is shown, and what the host has open meanwhile. */
  async function open(request: OpenRequest) {
    const warnings: string[] = []
    const offers: Array<EventPayload<'open-offered'>> = []
    const off = host.api.on('open-offered', (offer) => offers.push(offer))
    const offered = await openRequest(request, {
      offer: (torrent) => host.offerOpen(torrent),
      warn: (m) => warnings.push(m),
    })
    off()
    return { offered, offers, warnings }
  }

  async function openInfoHashes(): Promise<string[]> {
    const list = await host.api.request('wt-list', {})
    return list.ok ? list.value.torrents.map((t) => t.infoHash) : []
  }

  it('shows a .torrent file from disk to the person, and opens it only once they accept', async () => {
    const { offered, offers, warnings } = await open({ kind: 'torrent-file', path: torrentPath })
    expect({ offered, warnings }).toEqual({ offered: true, warnings: [] })
    expect(offers).toEqual([
      {
        id: expect.any(String),
        infoHash: seeder.infoHash,
        name: 'film.mp4',
        length: 64 * 1024,
        files: 1,
        from: 'file',
      },
    ])
    expect(await openInfoHashes()).not.toContain(seeder.infoHash)
    const accepted = await host.api.request('open-accept', { id: offers[0]?.id ?? '' })
    expect(accepted).toEqual({ ok: true, value: { infoHash: seeder.infoHash } })
    expect(await openInfoHashes()).toContain(seeder.infoHash)
  })

  it('shows a magnet link; declined, nothing is fetched and it cannot be accepted later', async () => {
    const { offered, offers } = await open({ kind: 'magnet', link: MAGNET })
    expect(offered).toBe(true)
    expect(offers).toEqual([
      {
        id: expect.any(String),
        infoHash: 'c'.repeat(40),
        name: 'Film',
        length: null,
        files: null,
        from: 'link',
      },
    ])
    const id = offers[0]?.id ?? ''
    expect(await host.api.request('open-decline', { id })).toEqual({ ok: true, value: { declined: true } })
    expect(await host.api.request('open-accept', { id })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    })
    expect(await openInfoHashes()).not.toContain('c'.repeat(40))
  })

  it('warns with a plain sentence about a missing, empty, oversized or broken file', async () => {
    await writeFile(join(dir, 'empty.torrent'), '')
    await writeFile(join(dir, 'junk.torrent'), 'this is not bencode')
    await mkdir(join(dir, 'folder.torrent'))
    const cases: Array<[string, RegExp]> = [
      [join(dir, 'missing.torrent'), /^Could not open "missing.torrent": it does not exist\.$/],
      [join(dir, 'empty.torrent'), /"empty.torrent" is empty/],
      [join(dir, 'folder.torrent'), /"folder.torrent"/],
      [join(dir, 'junk.torrent'), /torrent/i],
    ]
    for (const [path, message] of cases) {
      const { offered, warnings } = await open({ kind: 'torrent-file', path })
      expect(offered, path).toBe(false)
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(message)
    }
  })

  it('caps what it reads: a file over the limit is refused before it is read', async () => {
    const big = join(dir, 'big.torrent')
    await writeFile(big, Buffer.alloc(2048))
    await expect(readTorrentFile(big, 1024)).rejects.toThrow('"big.torrent" is too big to be a .torrent file')
    expect((await readTorrentFile(big, 4096)).byteLength).toBe(2048)
  })

  it('warns when the host refuses a magnet', async () => {
    const { offered, warnings } = await open({ kind: 'magnet', link: 'magnet:?xt=urn:btih:nothex' })
    expect(offered).toBe(false)
    expect(warnings).toHaveLength(1)
  })
})
