import { type RefObject, useEffect, useState } from 'react'
import { bufferedFractions, type Span } from '../media.js'

export interface VideoState {
  currentTime: number
  duration: number
  paused: boolean
  buffering: boolean
  /** 0-1, as the element has it. */
  volume: number
  muted: boolean
  /** Fractions of the duration the browser holds. */
  buffered: Span[]
}

const INITIAL: VideoState = {
  currentTime: 0,
  duration: 0,
  paused: true,
  buffering: false,
  volume: 1,
  muted: false,
  buffered: [],
}
const TIME_EVENTS = [
  'timeupdate',
  'durationchange',
  'loadedmetadata',
  'progress',
  'seeked',
  'play',
  'pause',
  'volumechange',
]
// HAVE_FUTURE_DATA: at or above it a "stalled" network is not yet a visible stall.
const HAVE_FUTURE_DATA = 3

/** Mirrors what the <video> is doing into React state, for the seek bar and the overlays. */
export function useVideoState(ref: RefObject<HTMLVideoElement | null>): VideoState {
  const [state, setState] = useState(INITIAL)
  useEffect(() => {
    const video = ref.current
    if (!video) return
    const read = (buffering: boolean) => ({
      currentTime: video.currentTime,
      duration: Number.isFinite(video.duration) ? video.duration : 0,
      paused: video.paused,
      buffering,
      volume: video.volume,
      muted: video.muted,
      buffered: bufferedFractions(video.buffered, video.duration),
    })
    const update = () => setState((s) => read(s.buffering))
    const waiting = () => setState(read(true))
    const stalled = () => setState((s) => read(s.buffering || video.readyState < HAVE_FUTURE_DATA))
    const resumed = () => setState(read(false))
    const on: Array<[string, () => void]> = [
      ...TIME_EVENTS.map((e): [string, () => void] => [e, update]),
      ['waiting', waiting],
      ['stalled', stalled],
      ['playing', resumed],
      ['canplay', resumed],
    ]
    for (const [event, fn] of on) video.addEventListener(event, fn)
    return () => {
      for (const [event, fn] of on) video.removeEventListener(event, fn)
    }
  }, [ref])
  return state
}
