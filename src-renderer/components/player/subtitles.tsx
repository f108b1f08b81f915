import { type RefObject, useEffect } from 'react'
import type { SubtitleTrack } from '../../../src-preload/contract.js'
import { subtitleLanguage } from '../../media.js'

/** The torrent's subtitle files as <track>s; the first one shows by default. */
export function SubtitleTracks({ subtitles, on }: { subtitles: SubtitleTrack[]; on: boolean }) {
  return (
    <>
      {subtitles.map((s, i) => (
        <track
          key={s.index}
          kind="subtitles"
          srcLang={subtitleLanguage(s.name)}
          label={s.name}
          src={s.url}
          default={on && i === 0}
        />
      ))}
    </>
  )
}

/** Keeps the first track showing or hidden as the toggle says (the others stay hidden). */
export function useSubtitleMode(videoRef: RefObject<HTMLVideoElement | null>, on: boolean, count: number) {
  useEffect(() => {
    const tracks = videoRef.current?.textTracks
    if (!tracks || count === 0) return
    const apply = () => {
      for (let i = 0; i < tracks.length; i++) {
        const track = tracks[i]
        if (track) track.mode = on && i === 0 ? 'showing' : 'hidden'
      }
    }
    apply()
    // Tracks are added as their elements load; catch those too.
    tracks.addEventListener?.('addtrack', apply)
    return () => tracks.removeEventListener?.('addtrack', apply)
  }, [videoRef, on, count])
}

export function SubtitleToggle({ on, onToggle }: { on: boolean; onToggle(): void }) {
  return (
    <button type="button" className="toggle" aria-pressed={on} onClick={onToggle}>
      Subtitles {on ? 'on' : 'off'}
    </button>
  )
}
