import { formatDuration } from '../format.js'
import { mediaSourceClass } from './capabilities.js'

/** Seconds fetched ahead of the playhead: past it the converter waits (and so does the download). */
const AHEAD_SECONDS = 30
/** Seconds kept behind the playhead for a short seek back; older data is dropped. */
const KEEP_BEHIND_SECONDS = 30
/** A seek this far past what the running stream has delivered waits for it instead of restarting. */
const REACH_SECONDS = 3
const RESTARTS_BEFORE_GIVING_UP = 3
/** A stream may begin a little after its seek (the next keyframe in a file without an index). */
const START_GAP_SECONDS = 5
const HAVE_FUTURE_DATA = 3
/** A film paused this long lets its converter go, so the torrent's idle rule can apply. */
const PAUSED_RELEASE_MS = 60_000

export interface ConvertedSource {
  /** The converter's URL from the play plan; `start=` is added per stream. */
  url: string
  /** MIME type with codecs, for addSourceBuffer. */
  mime: string
  durationSeconds: number | null
}

/**
 * Plays the converter's fragmented MP4 through Media Source Extensions. Each stream starts at a
 * time and carries the film's own timestamps, so a seek outside what is buffered starts a new
 * one there and its data lands at its place; reading pauses once enough is buffered ahead, which
 * holds ffmpeg, and through it the download, near the playhead.
 */
export class ConvertedStream {
  readonly #video: HTMLVideoElement
  readonly #source: ConvertedSource
  readonly #onError: (message: string) => void
  readonly #mediaSource: MediaSource
  readonly #objectUrl: string
  #buffer: SourceBuffer | null = null
  /** Each stream's number: a stream that is no longer the latest stops at its next step. */
  #run = 0
  #abort: AbortController | null = null
  #streamStart = 0
  #restarts: Array<{ at: number; time: number }> = []
  #pausedTimer: ReturnType<typeof setTimeout> | null = null
  #closed = false

  constructor(
    video: HTMLVideoElement,
    source: ConvertedSource,
    startAt: number,
    onError: (message: string) => void,
  ) {
    const MediaSourceClass = mediaSourceClass()
    if (!MediaSourceClass) throw new Error('This browser has no Media Source Extensions.')
    this.#video = video
    this.#source = source
    this.#onError = onError
    this.#mediaSource = new MediaSourceClass()
    this.#objectUrl = URL.createObjectURL(this.#mediaSource)
    this.#mediaSource.addEventListener('sourceopen', () => this.#open(startAt), { once: true })
    for (const [event, listener] of this.#listeners) video.addEventListener(event, listener)
    video.src = this.#objectUrl
  }

  destroy(): void {
    if (this.#closed) return
    this.#closed = true
    this.#stopStream()
    for (const [event, listener] of this.#listeners) this.#video.removeEventListener(event, listener)
    if (this.#pausedTimer) clearTimeout(this.#pausedTimer)
    // The source stays until the next one replaces it, so whoever comes next can read the position.
    URL.revokeObjectURL(this.#objectUrl)
  }

  #open(startAt: number): void {
    if (this.#closed) return
    const duration = this.#source.durationSeconds
    if (duration && duration > 0) this.#mediaSource.duration = duration
    try {
      this.#buffer = this.#mediaSource.addSourceBuffer(this.#source.mime)
      this.#buffer.mode = 'segments'
    } catch {
      this.#onError(`This browser cannot play the converted stream (${this.#source.mime}).`)
      return
    }
    if (startAt > 0) {
      this.#video.addEventListener('loadedmetadata', () => this.#seekTo(startAt), { once: true })
    }
    void this.#stream(startAt)
  }

  #seekTo(time: number): void {
    if (!this.#closed) this.#video.currentTime = time
  }

  readonly #onSeeking = (): void => {
    const time = this.#video.currentTime
    if (!this.#isBuffered(time) && !this.#runningStreamReaches(time)) void this.#stream(time)
  }

  readonly #onPause = (): void => {
    if (this.#pausedTimer) clearTimeout(this.#pausedTimer)
    this.#pausedTimer = setTimeout(() => this.#stopStream(), PAUSED_RELEASE_MS)
  }

  /** Ends the running stream (and with it its ffmpeg); the next seek or play starts another. */
  #stopStream(): void {
    this.#run++
    this.#abort?.abort()
    this.#abort = null
  }

  /** Playing again after a long pause: carry on converting from where the buffer ends. */
  readonly #onPlay = (): void => {
    if (this.#pausedTimer) clearTimeout(this.#pausedTimer)
    this.#pausedTimer = null
    if (this.#abort || this.#closed || !this.#buffer) return
    const time = this.#video.currentTime
    const from = this.#bufferedEndAround(time) ?? time
    const duration = this.#source.durationSeconds
    if (duration === null || from < duration - 0.5) void this.#stream(from)
  }

  /** Playback reached the end of what is buffered: a gap, or a stream that ended early. */
  readonly #onWaiting = (): void => {
    const time = this.#video.currentTime
    if (this.#skipStartGap()) return
    if (this.#isBuffered(time + 0.1) || this.#runningStreamReaches(time)) return
    if (this.#restartingInPlace(time)) {
      this.#onError(`The film cannot be read past ${formatDuration(time)}: the file may be damaged there.`)
      return
    }
    void this.#stream(time)
  }

  readonly #listeners: Array<[string, () => void]> = [
    ['seeking', this.#onSeeking],
    ['waiting', this.#onWaiting],
    ['pause', this.#onPause],
    ['play', this.#onPlay],
  ]

  /** A stream that keeps ending at the same place is a damaged file, not a hiccup. */
  #restartingInPlace(time: number): boolean {
    const now = performance.now()
    this.#restarts = this.#restarts.filter((r) => now - r.at < 20_000 && Math.abs(r.time - time) < 1)
    this.#restarts.push({ at: now, time })
    return this.#restarts.length > RESTARTS_BEFORE_GIVING_UP
  }

  /** Moves the playhead over the gap between a seek and where its stream's data begins. */
  #skipStartGap(): boolean {
    const time = this.#video.currentTime
    const start = this.#streamStart
    if (this.#isBuffered(time) || time < start - 0.5) return false
    const ranges = this.#video.buffered
    for (let i = 0; i < ranges.length; i++) {
      const begins = ranges.start(i)
      if (begins > time && begins >= start - 0.5 && begins - start <= START_GAP_SECONDS) {
        this.#video.currentTime = begins + 0.01
        return true
      }
    }
    return false
  }

  #runningStreamReaches(time: number): boolean {
    if (!this.#abort) return false
    const delivered = this.#bufferedEndAround(this.#streamStart) ?? this.#streamStart
    return time >= this.#streamStart - 0.5 && time <= delivered + REACH_SECONDS
  }

  async #stream(start: number): Promise<void> {
    const buffer = this.#buffer
    if (!buffer || this.#closed) return
    const run = ++this.#run
    this.#abort?.abort()
    const abort = new AbortController()
    this.#abort = abort
    this.#streamStart = start
    await updated(buffer)
    if (run !== this.#run) return
    // A new stream opens with its own init segment: the parser must not be mid-way through the old one.
    if (this.#mediaSource.readyState === 'open') buffer.abort()
    try {
      const response = await fetch(`${this.#source.url}&start=${start.toFixed(3)}`, { signal: abort.signal })
      if (!response.ok || !response.body) {
        const message = (await response.text().catch(() => '')).trim()
        if (run === this.#run) this.#onError(message || `The converter answered ${response.status}.`)
        return
      }
      await this.#pump(response.body.getReader(), run)
    } catch (err) {
      // Aborted by a newer stream, or the connection broke: the next 'waiting' starts again.
      if (
        !abort.signal.aborted &&
        run === this.#run &&
        err instanceof DOMException &&
        err.name === 'QuotaExceededError'
      ) {
        this.#onError('The browser ran out of room for the video.')
      }
    } finally {
      if (run === this.#run) {
        this.#abort = null
        // Playback may have stalled on this stream while it ran: nothing else will say so again.
        if (!this.#closed && this.#video.readyState < HAVE_FUTURE_DATA) this.#onWaiting()
      }
    }
  }

  async #pump(reader: ReadableStreamDefaultReader<Uint8Array>, run: number): Promise<void> {
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (run !== this.#run) return
        if (done) return this.#endIfComplete()
        await this.#append(value, run)
        this.#skipStartGap()
        await this.#roomAhead(run)
      }
    } finally {
      await reader.cancel().catch(() => {})
    }
  }

  async #append(chunk: Uint8Array, run: number): Promise<void> {
    const buffer = this.#buffer
    if (!buffer) return
    for (let attempt = 0; run === this.#run; attempt++) {
      try {
        await updated(buffer)
        if (run !== this.#run) return
        buffer.appendBuffer(chunk as Uint8Array<ArrayBuffer>)
        await updated(buffer)
        return
      } catch (err) {
        if (!(err instanceof DOMException && err.name === 'QuotaExceededError') || attempt > 20) throw err
        await this.#dropBehind(5)
        await sleep(500)
      }
    }
  }

  /** Waits while more than AHEAD_SECONDS are buffered ahead of the playhead. */
  async #roomAhead(run: number): Promise<void> {
    while (run === this.#run && this.#bufferedAhead() > AHEAD_SECONDS) {
      await this.#dropBehind(KEEP_BEHIND_SECONDS)
      await sleep(500)
    }
  }

  async #dropBehind(keepSeconds: number): Promise<void> {
    const buffer = this.#buffer
    const until = this.#video.currentTime - keepSeconds
    if (!buffer || buffer.updating || buffer.buffered.length === 0) return
    const from = buffer.buffered.start(0)
    if (until <= from + 1) return
    buffer.remove(from, until)
    await updated(buffer)
  }

  #endIfComplete(): void {
    const duration = this.#source.durationSeconds
    const end = this.#bufferedEndAround(this.#streamStart)
    if (!duration || end === null || end < duration - 1) return
    if (this.#mediaSource.readyState === 'open' && !this.#buffer?.updating) this.#mediaSource.endOfStream()
  }

  #isBuffered(time: number): boolean {
    const ranges = this.#video.buffered
    for (let i = 0; i < ranges.length; i++) if (time >= ranges.start(i) && time < ranges.end(i)) return true
    return false
  }

  #bufferedAhead(): number {
    const end = this.#bufferedEndAround(this.#video.currentTime)
    return end === null ? 0 : end - this.#video.currentTime
  }

  /** The end of the buffered range holding `time` (or starting just after it, as a seek's keyframe can). */
  #bufferedEndAround(time: number): number | null {
    const ranges = this.#video.buffered
    for (let i = 0; i < ranges.length; i++) {
      if (ranges.start(i) <= time + 0.5 && ranges.end(i) >= time) return ranges.end(i)
    }
    return null
  }
}

function updated(buffer: SourceBuffer): Promise<void> {
  if (!buffer.updating) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const done = (): void => {
      buffer.removeEventListener('updateend', done)
      buffer.removeEventListener('error', failed)
      resolve()
    }
    const failed = (): void => {
      buffer.removeEventListener('updateend', done)
      buffer.removeEventListener('error', failed)
      reject(new Error('The browser could not take the video data.'))
    }
    buffer.addEventListener('updateend', done)
    buffer.addEventListener('error', failed)
  })
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
