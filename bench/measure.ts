import { type ClientRequest, type IncomingMessage, request } from 'node:http'
import { performance } from 'node:perf_hooks'
import type { Contender } from './contender.js'

export const MiB = 2 ** 20

/** Opens a GET; resolves once the response headers are in. The caller reads and ends it. */
export function openRange(
  url: string,
  start: number,
  end?: number,
): Promise<{ req: ClientRequest; res: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { range: `bytes=${start}-${end ?? ''}` }, agent: false })
    req.on('response', (res) => resolve({ req, res }))
    req.on('error', reject)
    req.end()
  })
}

/** Milliseconds from `since` until the first body byte of `bytes=0-`. */
export async function firstByteAfter(url: string, since: number): Promise<number> {
  const { req, res } = await openRange(url, 0)
  await new Promise<void>((resolve, reject) => {
    res.once('data', () => resolve())
    res.once('error', reject)
  })
  const ms = performance.now() - since
  req.destroy()
  return ms
}

/** Milliseconds from the request until all of [start, end] has arrived. */
export async function timedRange(url: string, start: number, end: number): Promise<number> {
  const t0 = performance.now()
  const { res } = await openRange(url, start, end)
  let received = 0
  for await (const chunk of res) received += (chunk as Buffer).length
  if (received !== end - start + 1) throw new Error(`range ${start}-${end}: got ${received} bytes`)
  return performance.now() - t0
}

/**
 * An offset whose next MiB the contender does not have yet (a true seek), inside 5%-95%. When
 * everything sampled is already there, `anyway` takes a downloaded one instead of failing.
 */
export async function undownloadedOffset(
  contender: Contender,
  fileBytes: number,
  random: () => number,
  anyway = false,
): Promise<number> {
  let offset = 0
  for (let tries = 0; tries < 50; tries++) {
    offset = Math.floor((0.05 + 0.9 * random()) * (fileBytes - MiB))
    if (!(await contender.has(offset, offset + MiB - 1))) return offset
  }
  if (anyway) return offset
  throw new Error('every sampled offset was already downloaded')
}

/**
 * Bytes per second from the first byte to the last of a read from the start, for the whole file
 * or `maxSeconds` after its first byte, whichever ends first; with when it ran (performance.now()).
 * `onFirstByte` runs when the first byte is in.
 */
export async function sustainedRead(
  url: string,
  fileBytes: number,
  maxSeconds: number,
  onFirstByte: () => void = () => {},
): Promise<{ bytesPerSecond: number; fromMs: number; toMs: number }> {
  const { req, res } = await openRange(url, 0)
  let fromMs = 0
  let received = 0
  for await (const chunk of res) {
    if (received === 0) {
      fromMs = performance.now()
      onFirstByte()
    }
    received += (chunk as Buffer).length
    if (performance.now() - fromMs >= maxSeconds * 1000) break
  }
  const toMs = performance.now()
  req.destroy()
  const whole = received === fileBytes
  if (!whole && toMs - fromMs < maxSeconds * 1000)
    throw new Error(`full read got ${received} of ${fileBytes} bytes`)
  return { bytesPerSecond: received / ((toMs - fromMs) / 1000), fromMs, toMs }
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] ?? Number.NaN
}

/** Deterministic random numbers, so every contender gets the same seek targets to choose from. */
export function seededRandom(seed: number): () => number {
  let x = seed >>> 0 || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 2 ** 32
  }
}
