import { type RefObject, useEffect, useRef } from 'react'

/** VLC's g and h move subtitles by this much. */
export const SUBTITLE_DELAY_STEP = 0.1

/**
 * Shows every cue of the video's text tracks `delay` seconds later than its file says (earlier
 * when negative), for subtitles made for another cut of the film. Cues that load later (the
 * tracks read from inside the file as it plays) are moved as they come.
 */
export function useSubtitleDelay(videoRef: RefObject<HTMLVideoElement | null>, delay: number): void {
  const originals = useRef(new WeakMap<TextTrackCue, [start: number, end: number]>())
  useEffect(() => {
    const video = videoRef.current
    const tracks = video?.textTracks
    if (!video || !tracks) return
    const apply = () => {
      for (let t = 0; t < tracks.length; t++) {
        const cues = tracks[t]?.mode === 'disabled' ? null : tracks[t]?.cues
        for (let c = 0; cues && c < cues.length; c++) {
          const cue = cues[c] as TextTrackCue
          let original = originals.current.get(cue)
          if (!original) {
            original = [cue.startTime, cue.endTime]
            originals.current.set(cue, original)
          }
          const start = Math.max(0, original[0] + delay)
          if (cue.startTime === start) continue
          cue.startTime = start
          cue.endTime = Math.max(start, original[1] + delay)
        }
      }
    }
    apply()
    video.addEventListener('timeupdate', apply)
    tracks.addEventListener?.('change', apply)
    return () => {
      video.removeEventListener('timeupdate', apply)
      tracks.removeEventListener?.('change', apply)
    }
  }, [videoRef, delay])
}

/** "+0.3 s", "-1.2 s", "0 s". */
export function formatDelay(seconds: number): string {
  const rounded = Math.round(seconds * 10) / 10
  if (rounded === 0) return '0 s'
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toFixed(1)} s`
}
