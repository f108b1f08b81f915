import type { ReactNode, RefObject } from 'react'
import { togglePlay } from '../../hooks/use-player-keys.js'
import type { VideoState } from '../../hooks/use-video-state.js'
import type { Span } from '../../media.js'
import { SeekBar } from './seek-bar.js'

interface Props {
  videoRef: RefObject<HTMLVideoElement | null>
  ref?: RefObject<HTMLDivElement | null>
  video: VideoState
  /** Fractions of the file's bytes on disk. */
  downloaded: Span[]
  fullscreen: boolean
  onToggleFullscreen(): void
  /** The audio and subtitle menus. */
  children?: ReactNode
}

/**
 * Peerwatch's one set of controls, over the picture: play, the seek bar with what is
 * downloaded, volume, the track menus and fullscreen. The browser's own controls are off, so
 * there is one seek bar, one buffering indicator and one kind of fullscreen.
 */
export function PlayerControls({
  videoRef,
  ref,
  video,
  downloaded,
  fullscreen,
  onToggleFullscreen,
  children,
}: Props) {
  const withVideo = (act: (v: HTMLVideoElement) => void) => () => {
    if (videoRef.current) act(videoRef.current)
  }
  const silent = video.muted || video.volume === 0
  return (
    <div className="player-controls" ref={ref}>
      <SeekBar
        currentTime={video.currentTime}
        duration={video.duration}
        downloaded={downloaded}
        buffered={video.buffered}
        onSeek={(seconds) => {
          if (videoRef.current) videoRef.current.currentTime = seconds
        }}
      />
      <div className="player-buttons">
        <button
          type="button"
          className="control-button"
          aria-label={video.paused ? 'Play' : 'Pause'}
          title={video.paused ? 'Play (k)' : 'Pause (k)'}
          onClick={withVideo(togglePlay)}
        >
          <span aria-hidden="true">{video.paused ? '▶' : '❚❚'}</span>
        </button>
        <button
          type="button"
          className="control-button"
          aria-label={silent ? 'Unmute' : 'Mute'}
          title={silent ? 'Unmute (m)' : 'Mute (m)'}
          onClick={withVideo((v) => {
            if (silent && v.volume === 0) v.volume = 1
            v.muted = !silent
          })}
        >
          <SpeakerIcon silent={silent} />
        </button>
        <input
          type="range"
          className="volume-input"
          aria-label="Volume"
          aria-valuetext={`${Math.round((silent ? 0 : video.volume) * 100)}%`}
          min={0}
          max={1}
          step={0.05}
          value={silent ? 0 : video.volume}
          onChange={(e) => {
            const v = videoRef.current
            if (!v) return
            v.volume = Number(e.currentTarget.value)
            v.muted = v.volume === 0
          }}
        />
        <div className="player-menus">{children}</div>
        <button
          type="button"
          className="control-button"
          aria-label={fullscreen ? 'Exit fullscreen' : 'Fullscreen'}
          title={fullscreen ? 'Exit fullscreen (f)' : 'Fullscreen (f)'}
          onClick={onToggleFullscreen}
        >
          <span aria-hidden="true">{fullscreen ? '⤡' : '⤢'}</span>
        </button>
      </div>
    </div>
  )
}

/** Drawn, not a glyph: emoji fonts are missing on many Linux desktops and TVs. */
function SpeakerIcon({ silent }: { silent: boolean }) {
  return (
    <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" className="icon">
      <path d="M4 9h4l5-4v14l-5-4H4z" fill="currentColor" />
      {silent ? (
        <path d="M16 9l5 6M21 9l-5 6" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      ) : (
        <path
          d="M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12"
          stroke="currentColor"
          strokeWidth="2"
          fill="none"
          strokeLinecap="round"
        />
      )}
    </svg>
  )
}
