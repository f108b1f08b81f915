import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseRange } from '../../src-main/engine/http-range.js'
import { handleRangeRequest, type RangeServerOptions } from '../../src-main/engine/range-server.js'
import type { StreamableFile, StreamCatalog } from '../../src-main/engine/stream-source.js'

// Property-based: whatever a client sends as Range, the answer is 200, 206 or 416, and the bytes
// are exactly the file's. fast-check shrinks any counterexample to the smallest header.

const TOKEN = 'ZnV6ei10b2tlbi1mb3ItcmFuZ2Vz'
const HASH = 'f'.repeat(40)
const HOST = '127.0.0.1:9'

/** Headers that look like what players, proxies and attackers send. */
const rangeHeader = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc
    .tuple(
      fc.constantFrom('bytes=', 'BYTES=', 'bytes =', 'items=', ''),
      fc.oneof(fc.nat(), fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.constant('')),
      fc.constantFrom('-', '--', ' - ', ''),
      fc.oneof(fc.nat(), fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.constant('')),
      fc.constantFrom('', ',0-1', ', 5-', ';x'),
    )
    .map(([unit, a, dash, b, tail]) => `${unit}${a}${dash}${b}${tail}`),
)

describe('parseRange, for any header and file length', () => {
  it('returns a range inside the file, "unsatisfiable", or "none"', () => {
    fc.assert(
      fc.property(rangeHeader, fc.nat({ max: 10_000_000 }), (header, length) => {
        const parsed = parseRange(header, length)
        if (parsed.kind !== 'range') return ['none', 'unsatisfiable'].includes(parsed.kind)
        return parsed.start >= 0 && parsed.start <= parsed.end && parsed.end < length
      }),
      { numRuns: 3000 },
    )
  })

  it('agrees with RFC 9110 on every well-formed single range', () => {
    fc.assert(
      fc.property(fc.nat({ max: 5000 }), fc.nat({ max: 6000 }), fc.nat({ max: 6000 }), (length, a, b) => {
        const first = Math.min(a, b)
        const last = Math.max(a, b)
        expect(parseRange(`bytes=${first}-${last}`, length)).toEqual(
          first < length
            ? { kind: 'range', start: first, end: Math.min(last, length - 1) }
            : { kind: 'unsatisfiable' },
        )
        expect(parseRange(`bytes=${first}-`, length)).toEqual(
          first < length ? { kind: 'range', start: first, end: length - 1 } : { kind: 'unsatisfiable' },
        )
        expect(parseRange(`bytes=-${a}`, length)).toEqual(
          a > 0 && length > 0
            ? { kind: 'range', start: Math.max(0, length - a), end: length - 1 }
            : { kind: 'unsatisfiable' },
        )
      }),
      { numRuns: 2000 },
    )
  })
})

class BytesFile implements StreamableFile {
  constructor(
    readonly name: string,
    readonly bytes: Uint8Array,
  ) {}
  get length(): number {
    return this.bytes.length
  }
  async *read(start: number, end: number): AsyncGenerator<Uint8Array> {
    for (let at = start; at <= end; at += 4096) yield this.bytes.subarray(at, Math.min(end + 1, at + 4096))
  }
}

function serverFor(bytes: Uint8Array): RangeServerOptions {
  const file = new BytesFile('film.mp4', bytes)
  const catalog: StreamCatalog = {
    lookup: (infoHash, index) =>
      infoHash === HASH && index === 0 ? { state: 'ready', file } : { state: 'missing' },
  }
  return { token: TOKEN, catalog, allowedHosts: () => [HOST] }
}

async function collect(body: unknown): Promise<Buffer> {
  if (body === undefined) return Buffer.alloc(0)
  if (typeof body === 'string' || body instanceof Uint8Array) return Buffer.from(body)
  const chunks: Buffer[] = []
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks)
}

describe('the range server, for any Range header', () => {
  it('answers 200, 206 or 416, never a 5xx, and every byte it sends is the file’s', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 0, maxLength: 20_000 }),
        rangeHeader,
        fc.constantFrom('GET', 'HEAD'),
        async (bytes, range, method) => {
          const res = await handleRangeRequest(
            { method, url: `/${TOKEN}/${HASH}/0/film.mp4`, headers: { host: HOST, range } },
            serverFor(bytes),
          )
          expect([200, 206, 416]).toContain(res.status)
          const headers = Object.fromEntries(
            Object.entries(res.headers).map(([k, v]) => [k.toLowerCase(), v]),
          )
          const body = await collect(res.body)
          if (method === 'HEAD') expect(body.length).toBe(0)
          if (res.status === 416) {
            expect(headers['content-range']).toBe(`bytes */${bytes.length}`)
            return
          }
          const expected =
            res.status === 206
              ? (() => {
                  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(headers['content-range'] ?? '')
                  expect(match).not.toBeNull()
                  const [, start, end, total] = (match ?? []).map(Number)
                  expect(total).toBe(bytes.length)
                  return Buffer.from(bytes.subarray(start, (end ?? 0) + 1))
                })()
              : Buffer.from(bytes)
          expect(Number(headers['content-length'])).toBe(expected.length)
          if (method === 'GET') expect(body.equals(expected)).toBe(true)
        },
      ),
      { numRuns: 600 },
    )
  })
})
