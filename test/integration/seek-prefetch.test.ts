import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { readMatroskaCues } from '../../src-main/media/matroska-cues.js'
import { describeProbe } from '../../src-main/media/probe.js'
import { SeekPrefetch } from '../../src-main/media/seek-prefetch.js'
import type { MediaInfo } from '../../src-shared/contract.js'

// SeekPrefetch against a real HTTP server with Range support: which bytes it asks for at a seek.

let server: Server | null = null
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

async function serve(bytes: Uint8Array): Promise<{ url: string; ranges: string[]; paths: string[] }> {
  const ranges: string[] = []
  /** The path and query of every request, HEAD included. */
  const paths: string[] = []
  const http = createServer((req, res) => {
    paths.push(req.url ?? '')
    if (req.method === 'HEAD') {
      res.writeHead(200, { 'Content-Length': bytes.length }).end()
      return
    }
    const range = req.headers.range ?? ''
    ranges.push(range)
    const [start = 0, end = bytes.length - 1] = (/bytes=(\d+)-(\d*)/.exec(range) ?? []).slice(1).map(Number)
    const last = Math.min(Number.isNaN(end) || end === 0 ? bytes.length - 1 : end, bytes.length - 1)
    res.writeHead(206, { 'Content-Range': `bytes ${start}-${last}/${bytes.length}` })
    res.end(Buffer.from(bytes.subarray(start, last + 1)))
  })
  server = http
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/film`, ranges, paths }
}

const info = (overrides: Partial<MediaInfo>): MediaInfo => ({
  ...describeProbe(JSON.stringify({ format: { format_name: 'matroska', duration: '12' }, streams: [] })),
  ...overrides,
})

describe('the bytes asked for at a seek, before ffmpeg gets there', () => {
  it("starts at the seek's cluster in an MKV, from the file's Cues", async () => {
    const bytes = new Uint8Array(await readFile(new URL('../fixtures/h264-ac3-5.1.mkv', import.meta.url)))
    const cues = await readMatroskaCues(async (s, e) => bytes.subarray(s, e + 1), bytes.length)
    const six = cues?.find((c) => Math.round(c.seconds) === 6)
    const { url, ranges } = await serve(bytes)
    new SeekPrefetch(url).at(7.3, info({ container: 'matroska', durationSeconds: 12 }))
    await expect.poll(() => ranges.at(-1), { timeout: 5000 }).toMatch(new RegExp(`^bytes=${six?.offset}-`))
  })

  it('asks for nothing at the start, or in a container it cannot place', async () => {
    const bytes = new Uint8Array(await readFile(new URL('../fixtures/h264-ac3-5.1.mkv', import.meta.url)))
    const cues = await readMatroskaCues(async (s, e) => bytes.subarray(s, e + 1), bytes.length)
    const seven = cues?.filter((c) => c.seconds <= 7.3).at(-1)
    const { url, ranges, paths } = await serve(bytes)
    new SeekPrefetch(`${url}?start`).at(0, info({ container: 'matroska' }))
    new SeekPrefetch(`${url}?mpegts`).at(30, info({ container: 'mpegts', durationSeconds: 60 }))
    // A seek it can place, asked after them, goes through the same steps and more (the file's
    // length, its Cues, then the bytes): once its bytes are asked for, theirs would have been.
    new SeekPrefetch(`${url}?placed`).at(7.3, info({ container: 'matroska', durationSeconds: 12 }))
    await expect.poll(() => ranges.at(-1), { timeout: 5000 }).toMatch(new RegExp(`^bytes=${seven?.offset}-`))
    expect(paths.filter((p) => !p.endsWith('?placed'))).toEqual([])
  })
})
