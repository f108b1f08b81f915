import type { LibraryItem } from '../../src-shared/contract.js'
import { formatAge, formatDuration } from '../format.js'

/**
 * Where the person stopped: "watched 0:38 of 1:40" with a bar, and when; in which file when
 * the torrent has several videos. Nothing when it was never played.
 */
export function WatchedProgress({ item, now }: { item: LibraryItem; now: number }) {
  const last = item.positions[0]
  if (!last) return null
  const several = item.files.filter((f) => f.kind === 'video').length > 1
  const file = several ? item.files.find((f) => f.index === last.fileIndex) : undefined
  const of = last.duration > 0 ? ` of ${formatDuration(last.duration)}` : ''
  return (
    <span className="watched">
      <span>
        Watched {formatDuration(last.position)}
        {of}
        {file && <span className="muted"> in {file.name}</span>}
        <span className="muted"> · {formatAge(last.at, now)}</span>
      </span>
      {last.duration > 0 && (
        <progress
          className="watched-bar"
          max={last.duration}
          value={Math.min(last.position, last.duration)}
          aria-label={`Watched ${formatDuration(last.position)}${of}`}
        />
      )}
    </span>
  )
}
