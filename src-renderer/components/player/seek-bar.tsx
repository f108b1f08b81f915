import { useState } from 'react'
import { formatDuration } from '../../format.js'
import type { Span } from '../../media.js'

interface Props {
  currentTime: number
  duration: number
  /** Fractions of the file's bytes on disk. */
  downloaded: Span[]
  /** Fractions of the duration the browser holds. */
  buffered: Span[]
  onSeek(seconds: number): void
}

const pct = (fraction: number) => `${(fraction * 100).toFixed(3)}%`

/** Where the pointer would seek to, and whether that part of the file is there yet. */
interface Aim {
  fraction: number
  /** Pixels from the bar's left edge. */
  x: number
  downloaded: boolean
}

/**
 * Downloaded bytes underneath, the browser's buffer above them, the played part on top. The
 * range input over it all does the seeking, so clicks, drags and the keyboard work natively.
 * Pointing at it shows the time there, and says when that part is not downloaded yet (a seek
 * there waits for peers).
 */
export function SeekBar({ currentTime, duration, downloaded, buffered, onSeek }: Props) {
  const [aim, setAim] = useState<Aim | null>(null)
  const played = duration > 0 ? Math.min(1, currentTime / duration) : 0
  return (
    <div className="seek-bar">
      <div className="seek-track" aria-hidden="true">
        {downloaded.map(([a, b]) => (
          <span key={`d${a}`} className="seek-downloaded" style={{ left: pct(a), width: pct(b - a) }} />
        ))}
        {buffered.map(([a, b]) => (
          <span key={`b${a}`} className="seek-buffered" style={{ left: pct(a), width: pct(b - a) }} />
        ))}
        <span className="seek-played" style={{ width: pct(played) }} />
      </div>
      {aim && duration > 0 && (
        <output className="seek-aim" style={{ left: `${aim.x}px` }}>
          {formatDuration(aim.fraction * duration)}
          {aim.downloaded ? '' : ' · not downloaded yet'}
        </output>
      )}
      <input
        type="range"
        className="seek-input"
        aria-label="Seek"
        aria-valuetext={`${formatDuration(currentTime)} of ${formatDuration(duration)}`}
        min={0}
        max={duration || 0}
        step="any"
        value={Math.min(currentTime, duration || 0)}
        disabled={duration <= 0}
        onChange={(e) => onSeek(Number(e.target.value))}
        onPointerMove={(e) => {
          const box = e.currentTarget.getBoundingClientRect()
          if (box.width <= 0) return
          const fraction = Math.min(1, Math.max(0, (e.clientX - box.left) / box.width))
          const bar = e.currentTarget.parentElement?.getBoundingClientRect().left ?? box.left
          setAim({
            fraction,
            x: box.left - bar + fraction * box.width,
            downloaded: downloaded.some(([a, b]) => fraction >= a && fraction <= b),
          })
        }}
        onPointerLeave={() => setAim(null)}
      />
      <span className="seek-time">
        {formatDuration(currentTime)} / {formatDuration(duration)}
      </span>
    </div>
  )
}
