/**
 * One embedded text subtitle track of the file, read as WebVTT from the engine while the film
 * downloads: cues are added to a TextTrack as they arrive, and a seek outside what has been read
 * starts reading again from there.
 */
export class EmbeddedSubtitles {
  readonly #video: HTMLVideoElement
  readonly #track: TextTrack
  readonly #url: string
  readonly #seen = new Set<string>()
  #abort: AbortController | null = null
  #readFrom = 0
  #readUntil = 0
  #closed = false

  constructor(video: HTMLVideoElement, track: TextTrack, url: string) {
    this.#video = video
    this.#track = track
    this.#url = url
    for (const cue of [...(track.cues ?? [])]) track.removeCue(cue)
    track.mode = 'showing'
    video.addEventListener('seeking', this.#onSeeking)
    void this.#read(video.currentTime)
  }

  destroy(): void {
    this.#closed = true
    this.#abort?.abort()
    this.#video.removeEventListener('seeking', this.#onSeeking)
    this.#track.mode = 'disabled'
  }

  readonly #onSeeking = (): void => {
    const time = this.#video.currentTime
    if (time < this.#readFrom || time > this.#readUntil + 10) void this.#read(time)
  }

  async #read(from: number): Promise<void> {
    this.#abort?.abort()
    const abort = new AbortController()
    this.#abort = abort
    this.#readFrom = Math.max(0, from - 1)
    this.#readUntil = this.#readFrom
    try {
      const response = await fetch(`${this.#url}&start=${this.#readFrom.toFixed(3)}`, {
        signal: abort.signal,
      })
      if (!response.ok || !response.body) return
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
      let pending = ''
      for (;;) {
        const { done, value } = await reader.read()
        if (done || this.#closed || abort.signal.aborted) break
        pending += value
        const blocks = pending.split(/\r?\n\r?\n/)
        pending = blocks.pop() ?? ''
        for (const block of blocks) this.#add(block)
      }
      if (!abort.signal.aborted) this.#add(pending)
    } catch {
      // A newer read replaced this one, or the engine went away: the next seek reads again.
    }
  }

  #add(block: string): void {
    const cue = parseCue(block)
    if (!cue) return
    this.#readUntil = Math.max(this.#readUntil, cue.start)
    const key = `${cue.start}|${cue.end}|${cue.text}`
    if (this.#seen.has(key)) return
    this.#seen.add(key)
    this.#track.addCue(new VTTCue(cue.start, cue.end, cue.text))
  }
}

const TIMING = /^((?:\d+:)?\d{1,2}:\d{2}\.\d{3}) --> ((?:\d+:)?\d{1,2}:\d{2}\.\d{3})/

/** One WebVTT cue block (an optional id line, the timing line, the text). */
export function parseCue(block: string): { start: number; end: number; text: string } | null {
  const lines = block.trim().split(/\r?\n/)
  const at = lines.findIndex((line) => TIMING.test(line))
  if (at < 0) return null
  const match = TIMING.exec(lines[at] ?? '')
  const text = lines.slice(at + 1).join('\n')
  if (!match || !text) return null
  return { start: seconds(match[1] ?? ''), end: seconds(match[2] ?? ''), text }
}

function seconds(timestamp: string): number {
  return timestamp.split(':').reduce((sum, part) => sum * 60 + Number(part), 0)
}
