import type { LibraryItem } from '../../src-shared/contract.js'
import { useApi } from '../app/api-context.js'
import { formatAge, formatBytes, formatCountdown, formatPercent } from '../format.js'
import { playFromLibrary, stopTorrent } from '../store/commands.js'
import { WatchedProgress } from './watched-progress.js'

interface Props {
  item: LibraryItem
  now: number
  /** Another item has the same name: say which one this is. */
  nameShared?: boolean
  onDelete(item: LibraryItem): void
}

export function LibraryRow({ item, now, nameShared = false, onDelete }: Props) {
  const known = item.length > 0
  return (
    <tr>
      <th scope="row" className="library-name">
        {item.name || item.infoHash}
        {nameShared && (
          <span className="muted library-which">
            {known ? `${formatBytes(item.length)} · ` : ''}infohash {item.infoHash.slice(0, 8)}
          </span>
        )}
        {item.folder && (
          <span className="muted library-folder">In an earlier download folder: {item.folder}</span>
        )}
      </th>
      <td data-label="Size">{known ? formatBytes(item.length) : '?'}</td>
      <td data-label="Downloaded">{known ? formatPercent(item.downloaded / item.length) : '0%'}</td>
      <td data-label="Added">{formatAge(item.addedAt, now)}</td>
      <td data-label="Last watched">
        <WatchedProgress item={item} now={now} />
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
