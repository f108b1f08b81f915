import { type RefObject, useLayoutEffect } from 'react'
import type { PlayPlan } from '../../src-shared/contract.js'
import { ConvertedStream } from '../playback/converted-stream.js'

/**
 * Plays a converted plan through Media Source Extensions. A new plan (another audio track, an
 * engine restart) picks up at the same time, playing or paused as it was.
 */
export function useConvertedStream(
  videoRef: RefObject<HTMLVideoElement | null>,
  plan: PlayPlan | null,
  onError: (message: string) => void,
): void {
  const url = plan && plan.mode !== 'direct' ? plan.url : null
  const mime = plan?.mime ?? null
  const duration = plan?.durationSeconds ?? null
  useLayoutEffect(() => {
    const video = videoRef.current
    if (!video || !url || !mime) return
    const startAt = video.currentTime || 0
    const wasPaused = video.paused && startAt > 0
    const stream = new ConvertedStream(video, { url, mime, durationSeconds: duration }, startAt, onError)
    if (wasPaused) video.pause()
    return () => stream.destroy()
  }, [videoRef, url, mime, duration, onError])
}
