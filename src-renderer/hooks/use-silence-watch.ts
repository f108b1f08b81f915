import { type RefObject, useEffect, useState } from 'react'

/** Seconds of playing film after which a sound track that decoded nothing is called silent. */
const SILENT_AFTER_SECONDS = 4

type WithAudioCount = HTMLVideoElement & { webkitAudioDecodedByteCount?: number }

/**
 * True once the film has played a few seconds and its sound decoded nothing (Chromium counts
 * decoded audio bytes): the one failure a picture alone would hide. Off when the file is known
 * to have no sound.
 */
export function useSilenceWatch(videoRef: RefObject<HTMLVideoElement | null>, expectSound: boolean): boolean {
  const [silent, setSilent] = useState(false)
  useEffect(() => {
    const video = videoRef.current as WithAudioCount | null
    if (!video || !expectSound || typeof video.webkitAudioDecodedByteCount !== 'number') return
    let played = 0
    let last: number | null = null
    const check = () => {
      const now = video.currentTime
      if (last !== null && !video.paused && now > last && now - last < 1) played += now - last
      last = now
      const decoded = video.webkitAudioDecodedByteCount ?? 0
      if (decoded > 0) setSilent(false)
      else if (played >= SILENT_AFTER_SECONDS) setSilent(true)
    }
    const restart = () => {
      last = null
    }
    video.addEventListener('timeupdate', check)
    video.addEventListener('seeking', restart)
    return () => {
      video.removeEventListener('timeupdate', check)
      video.removeEventListener('seeking', restart)
    }
  }, [videoRef, expectSound])
  return silent
}
