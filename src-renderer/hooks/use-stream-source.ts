import { type RefObject, useLayoutEffect, useRef } from 'react'

interface Resume {
  time: number
  playing: boolean
}

/**
 * Sets the video's source (null: another hook does). When the URL changes under a playing file (the engine restarted and
 * announced it again), playback picks up where it was, playing or paused as it was.
 */
export function useStreamSource(videoRef: RefObject<HTMLVideoElement | null>, url: string | null): void {
  // A swap whose new source has not loaded yet: a second swap resumes from the same place.
  const pending = useRef<Resume | null>(null)
  useLayoutEffect(() => {
    const video = videoRef.current
    if (!video || !url) return
    const previous = video.getAttribute('src')
    if (previous === url) return
    // Read before the swap: a new source resets the position and the paused state.
    const resume = previous ? (pending.current ?? { time: video.currentTime, playing: !video.paused }) : null
    video.setAttribute('src', url)
    if (!resume) return
    pending.current = resume
    // autoplay would start it: a paused film stays paused.
    if (!resume.playing) video.pause()
    const restore = () => {
      pending.current = null
      if (resume.time > 0) video.currentTime = resume.time
      if (resume.playing) void video.play()?.catch(() => {})
    }
    video.addEventListener('loadedmetadata', restore, { once: true })
    return () => video.removeEventListener('loadedmetadata', restore)
  }, [videoRef, url])
}
