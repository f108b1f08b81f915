import { randomBytes } from 'node:crypto'
import { request } from 'node:http'
import { setImmediate as tick } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createRangeServer,
  handleRangeRequest,
  type RangeServerOptions,
} from '../../src-main/engine/range-server.js'
import type { StreamableFile, StreamCatalog, StreamLookup } from '../../src-main/engine/stream-source.js'
import { until } from '../helpers/until.js'

const CHUNK = 16 * 1024
const TOKEN = 'c2VjcmV0LXRva2VuLWZvci10ZXN0cw'
const HASH_A = 'a'.repeat(40)
const HASH_B = 'b'.repeat(40)
const HASH_PENDING = 'c'.repeat(40)
const CORS_ORIGIN = 'http://127.0.0.1:5173'

const SRT = [
  '1',
  '00:00:01,000 --> 00:00:02,500',
  'Well, well, well… <i>Café</i> à deux?',
  '',
  '2',
  '00:00:03,000 --> 00:00:04,000',
  'Señor, 1,000 crêpes',
  '',
].join('\r\n')

/** Counts open readers so a test can tell whether an aborted response released its reader. */
class Readers {
  open = 0
  opened = 0
}

/** A real StreamableFile over memory, yielding 16 KiB chunks one event-loop turn apart. */
class MemoryFile implements StreamableFile {
  constructor(
    readonly name: string,
    readonly bytes: Uint8Array,
    private readonly readers: Readers,
  ) {}

  get length(): number {
    return this.bytes.length
  }

  async *read(start: number, end: number): AsyncGenerator<Uint8Array> {
    this.readers.open++
    this.readers.opened++
    try {
      for (let at = start; at <= end; at += CHUNK) {
        await tick()
        yield this.bytes.subarray(at, Math.min(end + 1, at + CHUNK))
      }
    } finally {
      this.readers.open--
    }
  }
}

/** A file whose pieces never arrive: next() waits forever, as for a stalled swarm. */
class StalledFile implements StreamableFile {
  readonly length = 1_000_000
  constructor(
    readonly name: string,
    private readonly readers: Readers,
  ) {}

  read(): AsyncIterable<Uint8Array> {
    const readers = this.readers
    readers.open++
    readers.opened++
    let closed = false
    const iterator: AsyncIterator<Uint8Array> = {
      next: () => new Promise(() => {}),
      return: async () => {
        if (!closed) readers.open--
        closed = true
        return { value: undefined, done: true }
      },
    }
    return { [Symbol.asyncIterator]: () => iterator }
  }
}

class MemoryCatalog implements StreamCatalog {
  readonly readers = new Readers()
  readonly files = new Map<string, StreamableFile>()
  readonly pending = new Set<string>()

  add(infoHash: string, index: number, name: string, bytes: Uint8Array): Uint8Array {
    this.files.set(`${infoHash}/${index}`, new MemoryFile(name, bytes, this.readers))
    return bytes
  }

  lookup(infoHash: string, fileIndex: number): StreamLookup {
    const file = this.files.get(`${infoHash}/${fileIndex}`)
    if (file) return { state: 'ready', file }
    return this.pending.has(infoHash) ? { state: 'pending' } : { state: 'missing' }
  }
}

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

let port = 0
let close: () => Promise<void>
const catalog = new MemoryCatalog()
const video = catalog.add(HASH_A, 0, 'Film.mp4', randomBytes(6 * 1024 * 1024 + 12_345))
const second = catalog.add(HASH_B, 3, 'Other.mkv', randomBytes(1024 * 1024 + 7))
catalog.add(HASH_B, 4, 'Clip.webm', randomBytes(1000))
catalog.add(HASH_B, 5, 'Film.en.srt', new TextEncoder().encode(SRT))
catalog.add(HASH_B, 6, 'Film.fr.vtt', new TextEncoder().encode('WEBVTT\n\n'))
catalog.add(HASH_B, 7, 'Empty.mp4', new Uint8Array())
catalog.files.set(`${HASH_B}/8`, new StalledFile('Stalled.mp4', catalog.readers))
catalog.pending.add(HASH_PENDING)

const url = (hash: string, index: number, name = 'file.mp4') => `/${TOKEN}/${hash}/${index}/${name}`

function send(
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers = { host: `127.0.0.1:${port}`, ...options.headers }
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path,
      method: options.method ?? 'GET',
      headers,
      setHost: false,
    })
    req.on('error', reject)
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      )
    })
    req.end()
  })
}

/** A request sent without any Host header at all. */
function sendWithoutHost(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, setHost: false })
    req.on('error', reject)
    req.on('response', (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.end()
  })
}

beforeAll(async () => {
  const running = await createRangeServer({
    token: TOKEN,
    catalog,
    allowedHosts: () => [`127.0.0.1:${port}`, `localhost:${port}`],
    corsOrigins: [CORS_ORIGIN],
  })
  port = running.port
  close = running.close
  expect(running.origin).toBe(`http://127.0.0.1:${port}`)
})

afterAll(async () => {
  await close()
})

describe('range server: playing bytes', () => {
  it('serves the whole file with 200 and the headers a player needs', async () => {
    const reply = await send(url(HASH_A, 0))
    expect(reply.status).toBe(200)
    expect(reply.headers['content-type']).toBe('video/mp4')
    expect(reply.headers['accept-ranges']).toBe('bytes')
    expect(reply.headers['content-length']).toBe(String(video.length))
    expect(reply.headers['cache-control']).toBe('no-store')
    expect(reply.headers['x-content-type-options']).toBe('nosniff')
    expect(reply.body.equals(video)).toBe(true)
  })

  it.each([
    ['start', 'bytes=0-99', 0, 99],
    ['middle', 'bytes=1000000-1234567', 1_000_000, 1_234_567],
    ['open end', `bytes=${video.length - 70_000}-`, video.length - 70_000, video.length - 1],
    [
      'past the end',
      `bytes=${video.length - 10}-${video.length + 1000}`,
      video.length - 10,
      video.length - 1,
    ],
    ['suffix', 'bytes=-500', video.length - 500, video.length - 1],
    ['single last byte', `bytes=${video.length - 1}-`, video.length - 1, video.length - 1],
  ])('answers a %s range with 206 and exactly those bytes', async (_label, range, start, end) => {
    const reply = await send(url(HASH_A, 0), { headers: { range } })
    expect(reply.status).toBe(206)
    expect(reply.headers['content-range']).toBe(`bytes ${start}-${end}/${video.length}`)
    expect(reply.headers['content-length']).toBe(String(end - start + 1))
    expect(reply.body.equals(video.subarray(start, end + 1))).toBe(true)
  })

  it('answers HEAD with the same headers, no body, and without opening a reader', async () => {
    const before = catalog.readers.opened
    const head = await send(url(HASH_A, 0), { method: 'HEAD', headers: { range: 'bytes=10-19' } })
    expect(head.status).toBe(206)
    expect(head.headers['content-range']).toBe(`bytes 10-19/${video.length}`)
    expect(head.headers['content-length']).toBe('10')
    expect(head.body.length).toBe(0)
    const whole = await send(url(HASH_A, 0), { method: 'HEAD' })
    expect(whole.status).toBe(200)
    expect(whole.headers['content-length']).toBe(String(video.length))
    expect(catalog.readers.opened).toBe(before)
  })

  it('answers 416 with the real length when the range starts past the end', async () => {
    const reply = await send(url(HASH_A, 0), { headers: { range: `bytes=${video.length}-` } })
    expect(reply.status).toBe(416)
    expect(reply.headers['content-range']).toBe(`bytes */${video.length}`)
  })

  it('ignores a multi-range or garbage Range header and serves the whole file', async () => {
    for (const range of ['bytes=0-1,5-6', 'bytes=--1', 'items=0-1']) {
      const reply = await send(url(HASH_B, 4), { headers: { range } })
      expect(reply.status).toBe(200)
      expect(reply.body.length).toBe(1000)
    }
  })

  it('serves an empty file as an empty 200 and refuses ranges of it', async () => {
    const whole = await send(url(HASH_B, 7))
    expect(whole.status).toBe(200)
    expect(whole.headers['content-length']).toBe('0')
    expect(whole.body.length).toBe(0)
    const ranged = await send(url(HASH_B, 7), { headers: { range: 'bytes=0-' } })
    expect(ranged.status).toBe(416)
    expect(ranged.headers['content-range']).toBe('bytes */0')
  })

  it('answers 503 with Retry-After while the torrent has no metadata yet', async () => {
    const reply = await send(url(HASH_PENDING, 0))
    expect(reply.status).toBe(503)
    expect(reply.headers['retry-after']).toBe('1')
  })

  it('names each container with its own Content-Type, whatever the URL calls it', async () => {
    expect((await send(url(HASH_A, 0, 'x.bin'), { method: 'HEAD' })).headers['content-type']).toBe(
      'video/mp4',
    )
    expect((await send(url(HASH_B, 3), { method: 'HEAD' })).headers['content-type']).toBe('video/x-matroska')
    expect((await send(url(HASH_B, 4), { method: 'HEAD' })).headers['content-type']).toBe('video/webm')
  })

  it('ignores a query string', async () => {
    const reply = await send(`${url(HASH_B, 4)}?t=12`)
    expect(reply.status).toBe(200)
  })

  it('serves 20 concurrent ranges across two files, each byte-exact', async () => {
    const jobs = Array.from({ length: 20 }, (_, i) => {
      const bytes = i % 2 === 0 ? video : second
      const start = Math.floor((bytes.length * i) / 23)
      const end = Math.min(bytes.length - 1, start + 200_000 + i * 1013)
      const path = i % 2 === 0 ? url(HASH_A, 0) : url(HASH_B, 3, 'Other.mkv')
      return send(path, { headers: { range: `bytes=${start}-${end}` } }).then((reply) => ({
        reply,
        bytes,
        start,
        end,
      }))
    })
    for (const { reply, bytes, start, end } of await Promise.all(jobs)) {
      expect(reply.status).toBe(206)
      expect(reply.body.equals(bytes.subarray(start, end + 1))).toBe(true)
    }
    expect(catalog.readers.open).toBe(0)
  })
})

describe('range server: subtitles', () => {
  it('serves .srt as WebVTT with dotted timings and the cue text intact', async () => {
    const reply = await send(url(HASH_B, 5, 'Film.en.srt'))
    expect(reply.status).toBe(200)
    expect(reply.headers['content-type']).toBe('text/vtt; charset=utf-8')
    const text = reply.body.toString('utf8')
    expect(reply.headers['content-length']).toBe(String(reply.body.length))
    expect(text.startsWith('WEBVTT\n\n')).toBe(true)
    expect(text).toContain('00:00:01.000 --> 00:00:02.500')
    expect(text).toContain('Well, well, well… <i>Café</i> à deux?')
    expect(text).toContain('Señor, 1,000 crêpes')
    expect(text).not.toContain('\r')
  })

  it('supports ranges and HEAD over the converted bytes', async () => {
    const full = (await send(url(HASH_B, 5, 'x.vtt'))).body
    const part = await send(url(HASH_B, 5, 'x.vtt'), { headers: { range: 'bytes=0-5' } })
    expect(part.status).toBe(206)
    expect(part.body.toString()).toBe('WEBVTT')
    expect(part.headers['content-range']).toBe(`bytes 0-5/${full.length}`)
    const head = await send(url(HASH_B, 5, 'x.vtt'), { method: 'HEAD' })
    expect(head.headers['content-length']).toBe(String(full.length))
    expect(head.body.length).toBe(0)
  })

  it('serves .vtt as WebVTT in UTF-8', async () => {
    const reply = await send(url(HASH_B, 6, 'Film.fr.vtt'))
    expect(reply.headers['content-type']).toBe('text/vtt; charset=utf-8')
    expect(reply.body.toString()).toBe('WEBVTT\n\n')
  })
})

describe('range server: who may ask, and for what', () => {
  it.each([
    ['wrong token of the same length', `/${TOKEN.replace(/^./, 'x')}/${HASH_A}/0/f.mp4`],
    ['wrong token of another length', `/nope/${HASH_A}/0/f.mp4`],
    ['no token', `/${HASH_A}/0/f.mp4`],
    ['unknown infohash', url('d'.repeat(40), 0)],
    ['unknown file index', url(HASH_A, 9)],
    ['the root', '/'],
    ['the token alone', `/${TOKEN}/`],
    ['a torrent, as a directory', `/${TOKEN}/${HASH_A}/`],
    ['a file without a name', `/${TOKEN}/${HASH_A}/0`],
    ['an extra segment', `/${TOKEN}/${HASH_A}/0/a/b.mp4`],
  ])('answers 404 for %s', async (_label, path) => {
    const reply = await send(path)
    expect(reply.status).toBe(404)
    expect(reply.body.length).toBeLessThan(100)
  })

  it.each([
    `/${TOKEN}/${HASH_A}/0/..`,
    `/${TOKEN}/${HASH_A}/0/.`,
    `/${TOKEN}/${HASH_A}/0/%2e%2e`,
    `/${TOKEN}/${HASH_A}/0/%2E%2E`,
    `/${TOKEN}/${HASH_A}/0/..%2f..%2fetc%2fpasswd`,
    `/${TOKEN}/${HASH_A}/0/a%2Fb.mp4`,
    `/${TOKEN}/${HASH_A}/0/a%5cb.mp4`,
    `/${TOKEN}/${HASH_A}/0/a\\b.mp4`,
    `/${TOKEN}/${HASH_A}/0/%E0%A4%A`,
    `/${TOKEN}/${HASH_A}/0/a%00.mp4`,
    `/${TOKEN}/${HASH_A}/../../etc/passwd`,
    `/${TOKEN}/../${TOKEN}/${HASH_A}/0/f.mp4`,
    `/${TOKEN}/${HASH_A.toUpperCase()}/0/f.mp4`,
    `/${TOKEN}/${HASH_A}/-1/f.mp4`,
    `/${TOKEN}/${HASH_A}/12345678/f.mp4`,
    `/${TOKEN}/${HASH_A}/0x1/f.mp4`,
    `/${TOKEN}/${HASH_A}/0/`,
    `/${TOKEN}//${HASH_A}/0/f.mp4`,
  ])('refuses the malformed or traversing path %s with a 4xx and no file bytes', async (path) => {
    const reply = await send(path)
    expect([400, 404]).toContain(reply.status)
    expect(reply.body.length).toBeLessThan(100)
  })

  it.each(['evil.com', 'evil.com:80', '127.0.0.1', '127.0.0.1:1', 'localhost'])(
    'refuses a foreign Host %s with 403 even with a valid URL',
    async (host) => {
      const reply = await send(url(HASH_A, 0), { headers: { host } })
      expect(reply.status).toBe(403)
      expect(reply.body.toString()).toBe('Forbidden host')
    },
  )

  it('refuses a request on the wrong port and one without any Host header', async () => {
    expect((await send(url(HASH_A, 0), { headers: { host: `127.0.0.1:${port + 1}` } })).status).toBe(403)
    expect(await sendWithoutHost(url(HASH_A, 0))).toBe(403)
  })

  it('accepts localhost:PORT, in any letter case', async () => {
    expect((await send(url(HASH_B, 4), { headers: { host: `localhost:${port}` } })).status).toBe(200)
    expect((await send(url(HASH_B, 4), { headers: { host: `LocalHost:${port}` } })).status).toBe(200)
  })

  it('answers 405 with Allow for methods other than GET and HEAD', async () => {
    const reply = await send(url(HASH_B, 4), { method: 'POST' })
    expect(reply.status).toBe(405)
    expect(reply.headers.allow).toBe('GET, HEAD')
  })

  it('adds CORS headers only for a configured origin, never a wildcard', async () => {
    const allowed = await send(url(HASH_B, 4), { headers: { origin: CORS_ORIGIN } })
    expect(allowed.headers['access-control-allow-origin']).toBe(CORS_ORIGIN)
    expect(allowed.headers.vary).toBe('Origin')
    const foreign = await send(url(HASH_B, 4), { headers: { origin: 'http://evil.com' } })
    expect(foreign.status).toBe(200)
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined()
    const none = await send(url(HASH_B, 4))
    expect(none.headers['access-control-allow-origin']).toBeUndefined()
  })
})

describe('range server: readers and aborts', () => {
  it('releases the reader when a client aborts mid-body, then serves the next request', async () => {
    const before = catalog.readers.opened
    const openAtAbort = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: url(HASH_A, 0) })
      req.on('error', () => {})
      req.on('response', (res) => {
        res.once('data', () => {
          // Still streaming when the client walks away: the reader is open now.
          resolve(catalog.readers.open)
          req.destroy()
        })
        res.on('error', () => {})
      })
      req.on('timeout', reject)
      req.end()
    })
    expect(openAtAbort).toBe(1)
    expect(catalog.readers.opened).toBe(before + 1)
    await until(() => catalog.readers.open === 0, 5000)
    const next = await send(url(HASH_A, 0), { headers: { range: 'bytes=-1000' } })
    expect(next.body.equals(video.subarray(video.length - 1000))).toBe(true)
  })

  it('releases a reader that is waiting for a piece as soon as the client leaves', async () => {
    const req = request({ host: '127.0.0.1', port, path: url(HASH_B, 8) })
    req.on('error', () => {})
    req.end()
    await until(() => catalog.readers.open === 1, 5000)
    req.destroy()
    await until(() => catalog.readers.open === 0, 5000)
  })

  it('close() ends open streams and releases their readers', async () => {
    const readers = new Readers()
    const stalled: StreamCatalog = {
      lookup: () => ({ state: 'ready', file: new StalledFile('s.mp4', readers) }),
    }
    let ownPort = 0
    const own = await createRangeServer({
      token: TOKEN,
      catalog: stalled,
      allowedHosts: () => [`127.0.0.1:${ownPort}`],
    })
    ownPort = own.port
    const req = request({ host: '127.0.0.1', port: ownPort, path: url(HASH_A, 0) })
    req.on('error', () => {})
    req.end()
    await until(() => readers.open === 1, 5000)
    await own.close()
    await until(() => readers.open === 0, 5000)
    expect(own.server.listening).toBe(false)
  })
})

describe('handleRangeRequest (the pure core)', () => {
  const options = (files: Record<string, StreamableFile>, extra: Partial<RangeServerOptions> = {}) => ({
    token: TOKEN,
    allowedHosts: () => ['127.0.0.1:1'],
    catalog: {
      lookup: (hash: string, index: number): StreamLookup => {
        const file = files[`${hash}/${index}`]
        return file ? { state: 'ready', file } : { state: 'missing' }
      },
    },
    ...extra,
  })
  const get = (path: string, method = 'GET') => ({ method, url: path, headers: { host: '127.0.0.1:1' } })

  it('refuses a subtitle larger than the limit with 413', async () => {
    const readers = new Readers()
    const big = new MemoryFile('big.srt', new Uint8Array(2048), readers)
    const reply = await handleRangeRequest(
      get(url(HASH_A, 0)),
      options({ [`${HASH_A}/0`]: big }, { maxSubtitleBytes: 1024 }),
    )
    expect(reply.status).toBe(413)
    expect(readers.opened).toBe(0)
  })

  it('answers 500, not a crash, when the catalog itself fails', async () => {
    const broken = {
      ...options({}),
      catalog: {
        lookup: (): StreamLookup => {
          throw new Error('engine exploded')
        },
      },
    }
    expect((await handleRangeRequest(get(url(HASH_A, 0)), broken)).status).toBe(500)
  })

  it('never calls read() for HEAD', async () => {
    let reads = 0
    const file: StreamableFile = {
      name: 'a.mp4',
      length: 10,
      read: () => {
        reads++
        return (async function* () {})()
      },
    }
    const reply = await handleRangeRequest(get(url(HASH_A, 0), 'HEAD'), options({ [`${HASH_A}/0`]: file }))
    expect(reply.status).toBe(200)
    expect(reply.body).toBeUndefined()
    expect(reads).toBe(0)
  })

  it('cuts a response short rather than lie about its length when the source ends early', async () => {
    const file: StreamableFile = {
      name: 'a.mp4',
      length: 10,
      read: async function* () {
        yield new Uint8Array(4)
      },
    }
    const reply = await handleRangeRequest(get(url(HASH_A, 0)), options({ [`${HASH_A}/0`]: file }))
    expect(reply.status).toBe(200)
    const body = reply.body as AsyncIterable<Uint8Array>
    const chunks: Uint8Array[] = []
    await expect(
      (async () => {
        for await (const chunk of body) chunks.push(chunk)
      })(),
    ).rejects.toThrow(/early/)
    expect(chunks.map((chunk) => chunk.length)).toEqual([4])
  })
})
