import type { ClientRequest, IncomingMessage } from 'node:http'
import type { Contender } from './contender.js'
import { openRange, undownloadedOffset } from './measure.js'

export interface PlayerSpec {
  bytesPerSecond: number
  /** Seconds of media the player buffers ahead before it stops reading. */
  bufferSeconds: number
  /** Seconds of media needed to (re)start playback. */
  startSeconds: number
  seekEverySeconds: number
  mediaSeconds: number
}

const TICK_MS = 100

/**
 * A player reading at a fixed bitrate: buffers up to `bufferSeconds` ahead, plays in real time,
 * seeks to a part not yet downloaded every `seekEverySeconds` of media. Returns the number of
 * underruns during playback (waiting after a seek or at the start is not a stall).
 */
export async function countStalls(
  url: string,
  contender: Contender,
  fileBytes: number,
  spec: PlayerSpec,
  random: () => number,
): Promise<number> {
  const state = { buffered: 0, playing: false, stalls: 0, played: 0, sinceSeek: 0, eof: false }
  const stream: { current: { req: ClientRequest; res: IncomingMessage } | null } = { current: null }
  const listen = async (offset: number): Promise<void> => {
    stream.current?.req.destroy()
    Object.assign(state, { buffered: 0, playing: false, sinceSeek: 0, eof: false })
    const opened = await openRange(url, offset)
    stream.current = opened
    opened.res.on('data', (chunk: Buffer) => {
      if (stream.current !== opened) return
      state.buffered += chunk.length
      if (state.buffered >= spec.bufferSeconds * spec.bytesPerSecond) opened.res.pause()
    })
    opened.res.on('end', () => {
      if (stream.current === opened) state.eof = true
    })
    opened.res.on('error', () => undefined)
  }
  await listen(0)
  while (state.played < spec.mediaSeconds) {
    await new Promise((resolve) => setTimeout(resolve, TICK_MS))
    const need = (spec.bytesPerSecond * TICK_MS) / 1000
    if (!state.playing) {
      state.playing =
        state.buffered >= spec.startSeconds * spec.bytesPerSecond || (state.eof && state.buffered > 0)
      continue
    }
    if (state.buffered < need && !state.eof) {
      state.stalls += 1
      state.playing = false
      continue
    }
    state.buffered = Math.max(0, state.buffered - need)
    state.played += TICK_MS / 1000
    state.sinceSeek += TICK_MS / 1000
    if (state.buffered < spec.bufferSeconds * spec.bytesPerSecond) stream.current?.res.resume()
    if (state.sinceSeek >= spec.seekEverySeconds || (state.eof && state.buffered === 0)) {
      await listen(await undownloadedOffset(contender, fileBytes, random, true))
    }
  }
  stream.current?.req.destroy()
  return state.stalls
}
