import type { LibraryItem } from '../../src-preload/contract.js'
import { useApi } from '../app/api-context.js'
import { formatAge, formatBytes, formatCountdown, formatDuration, formatPercent } from '../format.js'
import { playFromLibrary, stopTorrent } from '../store/commands.js'

interface Props {
  item: LibraryItem
  now: number
  onDelete(item: LibraryItem): void
}

export function LibraryRow({ item, now, onDelete }: Props) {
  const known = item.length > 0
  return (
    <tr>
      <th scope="row" className="library-name">
        {item.name || item.infoHash}
        {item.folder && (
          <span className="muted library-folder">In an earlier download folder: {item.folder}</span>
        )}
      </th>
      <td data-label="Size">{known ? formatBytes(item.length) : '?'}</td>
      <td data-label="Downloaded">{known ? formatPercent(item.downloaded / item.length) : '0%'}</td>
      <td data-label="Added">{formatAge(item.addedAt, now)}</td>
      <td data-label="Last watched">
        <LastWatched item={item} />
      </td>
      <td data-label="Removal">
        <Removal item={item} now={now} />
      </td>
      <td className="row-actions">
        <RowActions item={item} onDelete={onDelete} />
      </td>
    </tr>
  )
}

function RowActions({ item, onDelete }: Pick<Props, 'item' | 'onDelete'>) {
  const api = useApi()
  const name = item.name || item.infoHash
  const last = item.positions[0]
  return (
    <>
      <button
        type="button"
        aria-label={`Play ${name}`}
        onClick={() => void playFromLibrary(api, item.infoHash, last?.fileIndex)}
      >
        Play
      </button>
      {item.active && (
        <button
          type="button"
          className="secondary"
          aria-label={`Stop ${name}`}
          onClick={() => void stopTorrent(api, item.infoHash)}
        >
          Stop
        </button>
      )}
      <button type="button" className="danger" aria-label={`Delete ${name}`} onClick={() => onDelete(item)}>
        Delete
      </button>
    </>
  )
}

function Removal({ item, now }: { item: LibraryItem; now: number }) {
  if (item.active) return <span className="badge badge-active">Open now</span>
  if (item.removeAt === null) return <>-</>
  return <>Removed {formatCountdown(item.removeAt, now)}</>
}

/** The most recent position, and in which file when the torrent has several videos. */
function LastWatched({ item }: { item: LibraryItem }) {
  const last = item.positions[0]
  if (!last) return <>-</>
  const several = item.files.filter((f) => f.kind === 'video').length > 1
  const file = several ? item.files.find((f) => f.index === last.fileIndex) : undefined
  return (
    <>
      {formatDuration(last.position)}
      {file && <span className="muted"> in {file.name}</span>}
    </>
  )
}
