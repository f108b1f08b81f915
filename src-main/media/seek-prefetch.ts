import type { MediaInfo } from '../../src-shared/contract.js'
import { type CuePoint, cueBefore, readMatroskaCues } from './matroska-cues.js'

/** Bytes asked for at a seek before ffmpeg gets there: a few seconds of a 1080p film. */
const PREFETCH_BYTES = 4 * 1024 * 1024
const PREFETCH_TIMEOUT_MS = 20_000

/**
 * Asks the engine for the bytes a conversion started at a seek will read first, the moment it is
 * asked for: ffmpeg takes a while to start and find the place itself, and meanwhile nothing would
 * download there. An MKV says where from its Cues. (An MPEG-TS estimated from its rate was tried:
 * its seeks did not get quicker, docs/PERFORMANCE.md.)
 */
export class SeekPrefetch {
  private cues: Promise<CuePoint[] | null> | null = null
  private length: Promise<number | null> | null = null
  private current: AbortController | null = null

  constructor(private readonly url: string) {}

  /** `seconds` on the file's own clock (its first timestamp included). */
  at(seconds: number, info: MediaInfo): void {
    this.stop()
    if (seconds <= 0) return
    const abort = new AbortController()
    this.current = abort
    const timer = setTimeout(() => abort.abort(), PREFETCH_TIMEOUT_MS)
    void this.offsetFor(seconds, info)
      .then((offset) =>
        offset === null || abort.signal.aborted ? undefined : this.warm(offset, abort.signal),
      )
      .catch(() => {})
      .finally(() => clearTimeout(timer))
  }

  stop(): void {
    this.current?.abort()
    this.current = null
  }

  private async offsetFor(seconds: number, info: MediaInfo): Promise<number | null> {
    if (info.container === 'matroska') {
      this.cues ??= this.fileLength().then((length) =>
        length ? readMatroskaCues(this.readRange, length) : null,
      )
      const points = await this.cues.catch(() => null)
      return points ? (cueBefore(points, seconds)?.offset ?? null) : null
    }
    return null
  }

  private async warm(offset: number, signal: AbortSignal): Promise<void> {
    const range = `bytes=${offset}-${offset + PREFETCH_BYTES - 1}`
    const reader = (await fetch(this.url, { headers: { range }, signal })).body?.getReader()
    while (reader && !signal.aborted && !(await reader.read()).done) {}
  }

  private fileLength(): Promise<number | null> {
    this.length ??= fetch(this.url, { method: 'HEAD' })
      .then((head) => Number(head.headers.get('content-length')))
      .then((n) => (Number.isSafeInteger(n) && n > 0 ? n : null))
      .catch(() => null)
    return this.length
  }

  private readonly readRange = async (start: number, end: number): Promise<Uint8Array> => {
    const response = await fetch(this.url, { headers: { range: `bytes=${start}-${end}` } })
    return new Uint8Array(await response.arrayBuffer())
  }
}
