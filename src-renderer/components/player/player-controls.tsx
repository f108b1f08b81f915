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
          <span aria-hidden="true">{silent ? '🔇' : '🔊'}</span>
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
