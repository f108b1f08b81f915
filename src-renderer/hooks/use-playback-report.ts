import { type RefObject, useEffect } from 'react'
import type { Api } from '../../src-shared/contract.js'

const PLAYING_EVENTS = ['play', 'playing']
const STOPPED_EVENTS = ['pause', 'ended', 'error']

/**
 * Tells the backend whether the video plays (the desktop keeps the screen awake meanwhile):
 * on play, pause, end, error, and false when the player goes away. Only changes are sent.
 */
export function usePlaybackReport(api: Api, videoRef: RefObject<HTMLVideoElement | null>): void {
  useEffect(() => {
    const video = videoRef.current
    if (!video) return
    let reported: boolean | null = null
    const report = (playing: boolean) => {
      if (reported === playing) return
      reported = playing
      void api.request('player-playing', { playing }).catch(() => {})
    }
    const playing = () => report(true)
    const stopped = () => report(false)
    for (const e of PLAYING_EVENTS) video.addEventListener(e, playing)
    for (const e of STOPPED_EVENTS) video.addEventListener(e, stopped)
    return () => {
      for (const e of PLAYING_EVENTS) video.removeEventListener(e, playing)
      for (const e of STOPPED_EVENTS) video.removeEventListener(e, stopped)
      report(false)
    }
  }, [api, videoRef])
}
