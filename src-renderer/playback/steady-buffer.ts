import { type RefObject, useEffect, useRef, useState } from 'react'

/** How far ahead one wait should carry playback: the rest of the film, at most this much. */
const HORIZON_SECONDS = 30 * 60
/** Shorter waits than this are left to the browser's own buffering. */
const MIN_HOLD_SECONDS = 3

export interface BufferInputs {
  /** The file's bytes and the film's seconds: their ratio is its bitrate. */
  length: number
  duration: number
  /** Where the film is, seconds. */
  position: number
  /** The file's downloaded byte ranges (inclusive). */
  ranges: ReadonlyArray<readonly [number, number]>
  /** What the swarm sends now, bytes per second. */
  rate: number
}

/**
 * How long to wait before playing so that playback then runs without another stop, up to the
 * end or HORIZON_SECONDS on: the film needs `bitrate` bytes a second, the swarm sends `rate`,
 * and what is already downloaded ahead counts. 0 when the swarm keeps up; Infinity while it
 * sends nothing.
 */
export function secondsToWait(i: BufferInputs): number {
  if (i.duration <= 0 || i.length <= 0) return 0
  const bitrate = i.length / i.duration
  const offset = Math.floor((i.position / i.duration) * i.length)
  const ahead = contiguousFrom(i.ranges, offset)
  const horizon = Math.min(Math.max(0, i.duration - i.position), HORIZON_SECONDS)
  const needed = horizon * bitrate - ahead
  if (needed <= 0) return 0
  if (i.rate <= 0) return Number.POSITIVE_INFINITY
  return Math.max(0, needed / i.rate - horizon)
}

function contiguousFrom(ranges: BufferInputs['ranges'], offset: number): number {
  const range = ranges.find(([start, end]) => start <= offset && offset <= end)
  return range ? range[1] - offset + 1 : 0
}

/**
 * When the swarm is slower than the film, one long wait instead of a stop every few seconds:
 * at a stall, if the wait that would carry playback through is more than a few seconds, the
 * film stays paused for it (counted down, re-estimated each second) and then plays on. Pressing
 * play meanwhile ends the wait. Answers the seconds left, or null when not holding.
 */
export function useSteadyBuffering(
  videoRef: RefObject<HTMLVideoElement | null>,
  inputs: BufferInputs,
): number | null {
  const [left, setLeft] = useState<number | null>(null)
  const latest = useRef(inputs)
  latest.current = inputs
  const resuming = useRef(false)
  useEffect(() => {
    const video = videoRef.current
    if (!video) return
    const stalled = () => {
      const wait = secondsToWait({ ...latest.current, position: video.currentTime })
      // With nothing coming in there is nothing to plan: the browser waits, and says so.
      if (!Number.isFinite(wait) || wait < MIN_HOLD_SECONDS) return
      video.pause()
      setLeft(wait)
    }
    const played = () => {
      if (!resuming.current) setLeft(null)
      resuming.current = false
    }
    video.addEventListener('waiting', stalled)
    video.addEventListener('play', played)
    return () => {
      video.removeEventListener('waiting', stalled)
      video.removeEventListener('play', played)
    }
  }, [videoRef])
  const holding = left !== null
  useEffect(() => {
    if (!holding) return
    const timer = setInterval(() => {
      const video = videoRef.current
      if (!video) return
      const wait = secondsToWait({ ...latest.current, position: video.currentTime })
      if (wait > 0 && Number.isFinite(wait)) return setLeft(wait)
      setLeft(null)
      resuming.current = true
      void Promise.resolve(video.play()).catch(() => {})
    }, 1000)
    return () => clearInterval(timer)
  }, [holding, videoRef])
  return left
}
