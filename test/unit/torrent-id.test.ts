import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveTorrentId, type TorrentIdOptions } from '../../src-main/engine/torrent-id.js'
import type { ErrorCode } from '../../src-shared/contract.js'
import { PeerwatchError } from '../../src-shared/errors.js'
import { patternBytes, startSeeder } from '../helpers/swarm.js'

const HEX = 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a'
const FILM = patternBytes(100_000, 7)
const SUBS = new TextEncoder().encode('1\n00:00:01,000 --> 00:00:02,000\nHello\n')

let torrentFile: Uint8Array
let torrentInfoHash: string
let dir: string
let server: Server
let origin: string
const hanging = new Set<ServerResponse>()

/** RFC 4648 base32, the other way infohashes appear in old magnet links. */
function base32(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = ''
  for (const byte of bytes) bits += byte.toString(2).padStart(8, '0')
  let out = ''
  for (let i = 0; i < bits.length; i += 5)
    out += alphabet[Number.parseInt(bits.slice(i, i + 5).padEnd(5, '0'), 2)]
  return out
}

/** The rejection of `resolveTorrentId`, checked to be a one-sentence PeerwatchError with `code`. */
async function failure(
  input: string | Uint8Array,
  code: ErrorCode,
  opts?: TorrentIdOptions,
): Promise<PeerwatchError> {
  const err = await resolveTorrentId(input, opts).then(
    () => null,
    (e: unknown) => e,
  )
  expect(err, 'resolveTorrentId should have rejected').toBeInstanceOf(PeerwatchError)
  const error = err as PeerwatchError
  expect(error.code).toBe(code)
  expect(error.message.length).toBeGreaterThan(10)
  expect(error.message).not.toContain('\n')
  expect(error.message).not.toMatch(/\bat \S+:\d+:\d+/)
  return error
}

function serve(res: ServerResponse, path: string): void {
  if (path === '/film.torrent') {
    res.writeHead(200, { 'content-type': 'application/x-bittorrent', 'content-length': torrentFile.length })
    res.end(torrentFile)
  } else if (path === '/big-declared.torrent') {
    res.writeHead(200, { 'content-length': 5000 })
    res.end(Buffer.alloc(5000, 0x64))
  } else if (path === '/big-chunked.torrent') {
    // No Content-Length: the limit has to hold while the body streams in.
    res.writeHead(200, { 'content-type': 'application/x-bittorrent' })
    for (let i = 0; i < 5; i++) res.write(Buffer.alloc(1000, 0x64))
    res.end()
  } else if (path === '/never.torrent') {
    hanging.add(res)
  } else if (path === '/page.torrent') {
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end('<!doctype html><html><body><h1>Download film.torrent</h1></body></html>')
  } else {
    res.writeHead(404, { 'content-type': 'text/plain' })
    res.end('not found')
  }
}

beforeAll(async () => {
  const seeder = await startSeeder(
    [
      { path: 'film.mp4', data: FILM },
      { path: 'film.srt', data: SUBS },
    ],
    { name: 'Film', pieceLength: 16384 },
  )
  torrentFile = seeder.torrentFile
  torrentInfoHash = seeder.infoHash
  await seeder.destroy()
  dir = await mkdtemp(join(tmpdir(), 'pw-torrent-id-'))
  server = createServer((req, res) => serve(res, req.url ?? '/'))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  for (const res of hanging) res.destroy()
  server?.closeAllConnections()
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('resolveTorrentId: infohashes and magnets', () => {
  it('accepts a 40-hex infohash in either case and reports it in lowercase', async () => {
    expect((await resolveTorrentId(HEX)).infoHash).toBe(HEX)
    expect((await resolveTorrentId(HEX.toUpperCase())).infoHash).toBe(HEX)
    expect((await resolveTorrentId(`  ${HEX.toUpperCase()}\n`)).infoHash).toBe(HEX)
  })

  it('decodes a 32-character base32 infohash to the same hex infohash', async () => {
    const encoded = base32(Buffer.from(HEX, 'hex'))
    expect(encoded).toBe('YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKEK')
    expect((await resolveTorrentId(encoded)).infoHash).toBe(HEX)
    expect((await resolveTorrentId(encoded.toLowerCase())).infoHash).toBe(HEX)
    expect((await resolveTorrentId(`magnet:?xt=urn:btih:${encoded}`)).infoHash).toBe(HEX)
  })

  it('reads the name, trackers and peer addresses of a magnet link', async () => {
    const magnet =
      `magnet:?xt=urn:btih:${HEX.toUpperCase()}&dn=My+Film%20(2020)` +
      '&tr=udp%3A%2F%2Ftracker.example%3A1337&x.pe=127.0.0.1:6881&x.pe=127.0.0.1:6882'
    const parsed = await resolveTorrentId(magnet)
    expect(parsed.infoHash).toBe(HEX)
    expect(parsed.name).toBe('My Film (2020)')
    expect(parsed.announce).toEqual(['udp://tracker.example:1337'])
    expect(parsed.peerAddresses).toEqual(['127.0.0.1:6881', '127.0.0.1:6882'])
  })

  it('uses the v1 infohash of a hybrid magnet that also carries a v2 one', async () => {
    const magnet = `magnet:?xt=urn:btmh:1220${'ab'.repeat(32)}&xt=urn:btih:${HEX}`
    expect((await resolveTorrentId(magnet)).infoHash).toBe(HEX)
  })

  it('rejects a magnet without an exact topic', async () => {
    const error = await failure('magnet:?dn=x', 'BAD_MAGNET')
    expect(error.message).toMatch(/infohash/)
  })

  it('rejects a magnet whose infohash is neither hex nor base32', async () => {
    await failure('magnet:?xt=urn:btih:XYZ', 'BAD_MAGNET')
    await failure(`magnet:?xt=urn:btih:${HEX.slice(1)}`, 'BAD_MAGNET')
  })

  it('rejects a v2-only magnet and says only v1 links work', async () => {
    const error = await failure(`magnet:?xt=urn:btmh:1220${'ab'.repeat(32)}`, 'BAD_MAGNET')
    expect(error.message).toMatch(/v1/)
  })

  it('rejects a magnet with a broken percent-escape', async () => {
    await failure('magnet:?xt=urn:btih:%ZZ', 'BAD_MAGNET')
  })
})

describe('resolveTorrentId: .torrent files', () => {
  it('parses the bytes of a .torrent file', async () => {
    const parsed = await resolveTorrentId(torrentFile)
    expect(parsed.infoHash).toBe(torrentInfoHash)
    expect(parsed.name).toBe('Film')
    expect(parsed.pieceLength).toBe(16384)
    expect(parsed.length).toBe(FILM.length + SUBS.length)
    expect(parsed.files?.map((f) => f.path.replaceAll('\\', '/'))).toEqual(['Film/film.mp4', 'Film/film.srt'])
  })

  it('reads a .torrent file from a path', async () => {
    const path = join(dir, 'Film (2020).torrent')
    await writeFile(path, torrentFile)
    expect((await resolveTorrentId(path)).infoHash).toBe(torrentInfoHash)
  })

  it('refuses a .torrent file on disk over the size limit', async () => {
    const path = join(dir, 'film-too-big.torrent')
    await writeFile(path, torrentFile)
    await failure(path, 'TORRENT_TOO_LARGE', { maxTorrentBytes: torrentFile.length - 1 })
  })

  it('rejects the first half of a real .torrent file', async () => {
    await failure(torrentFile.subarray(0, Math.floor(torrentFile.length / 2)), 'BAD_TORRENT_FILE')
  })

  it('rejects 20 random bytes', async () => {
    const bytes = randomBytes(20)
    bytes[0] = 0x64 // even when they start like a bencoded dictionary
    await failure(bytes, 'BAD_TORRENT_FILE')
  })

  it('rejects a bencoded dictionary without an info dictionary', async () => {
    const bytes = new TextEncoder().encode('d8:announce31:udp://tracker.example:1337/annee')
    await failure(bytes, 'BAD_TORRENT_FILE')
  })
})

describe('resolveTorrentId: .torrent links', () => {
  it('downloads a .torrent file over http', async () => {
    const parsed = await resolveTorrentId(`${origin}/film.torrent`)
    expect(parsed.infoHash).toBe(torrentInfoHash)
    expect(parsed.name).toBe('Film')
  })

  it('reports the status when the server answers 404', async () => {
    const error = await failure(`${origin}/missing.torrent`, 'TORRENT_FETCH_FAILED')
    expect(error.message).toContain('404')
  })

  it('refuses a body over the limit when Content-Length declares it', async () => {
    await failure(`${origin}/big-declared.torrent`, 'TORRENT_TOO_LARGE', { maxTorrentBytes: 1000 })
  })

  it('refuses a body over the limit without Content-Length', async () => {
    await failure(`${origin}/big-chunked.torrent`, 'TORRENT_TOO_LARGE', { maxTorrentBytes: 1000 })
  })

  it('gives up on a server that never answers and says so', async () => {
    const error = await failure(`${origin}/never.torrent`, 'TORRENT_FETCH_FAILED', { fetchTimeoutMs: 300 })
    expect(error.message).toMatch(/time/)
  })

  it('reports a server that cannot be reached', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    await failure(`http://127.0.0.1:${port}/film.torrent`, 'TORRENT_FETCH_FAILED')
  })

  it('rejects a web page served where a .torrent was expected', async () => {
    await failure(`${origin}/page.torrent`, 'BAD_TORRENT_FILE')
  })
})

describe('resolveTorrentId: input that is none of the above', () => {
  it('rejects a 39-character hex string', async () => {
    await failure(HEX.slice(1), 'BAD_TORRENT_ID')
  })

  it('rejects a path that does not exist and echoes it', async () => {
    const path = join(dir, 'no-such-film.torrent')
    const error = await failure(path, 'BAD_TORRENT_ID')
    expect(error.message).toContain('no-such-film.torrent')
  })

  it('rejects a folder', async () => {
    await failure(dir, 'BAD_TORRENT_ID')
  })

  it('rejects plain words', async () => {
    await failure('the big lebowski 1998 1080p', 'BAD_TORRENT_ID')
  })

  it('rejects links of other schemes and names the scheme', async () => {
    const error = await failure('ftp://x/y.torrent', 'BAD_TORRENT_ID')
    expect(error.message).toContain('ftp:')
  })

  it('rejects an empty or blank string', async () => {
    await failure('', 'BAD_TORRENT_ID')
    await failure('   \n', 'BAD_TORRENT_ID')
  })

  it('rejects a 20,000-character string without echoing it', async () => {
    expect((await failure('a'.repeat(20_000), 'BAD_TORRENT_ID')).message.length).toBeLessThan(200)
    const error = await failure(`magnet:?xt=urn:btih:${HEX}&dn=${'a'.repeat(20_000)}`, 'BAD_TORRENT_ID')
    expect(error.message.length).toBeLessThan(200)
  })
})
