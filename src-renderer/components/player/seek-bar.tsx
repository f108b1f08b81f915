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

/**
 * Downloaded bytes underneath, the browser's buffer above them, the played part on top. The
 * range input over it all does the seeking, so clicks, drags and the keyboard work natively.
 */
export function SeekBar({ currentTime, duration, downloaded, buffered, onSeek }: Props) {
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
      />
      <span className="seek-time">
        {formatDuration(currentTime)} / {formatDuration(duration)}
      </span>
    </div>
  )
}
