import { useCallback, useState } from 'react'
import type { LibraryItem } from '../../src-shared/contract.js'
import { useApi } from '../app/api-context.js'
import { ConfirmDialog } from '../components/confirm-dialog.js'
import { LibraryRow } from '../components/library-row.js'
import { OpenTorrentButton } from '../components/open-torrent-button.js'
import { useNow } from '../hooks/use-now.js'
import { deleteFromLibrary } from '../store/commands.js'
import { useStore } from '../store/store.js'

export function LibraryPage() {
  const api = useApi()
  const library = useStore((s) => s.library)
  const retention = useStore((s) => s.settings?.retentionHours)
  const now = useNow()
  const [deleting, setDeleting] = useState<LibraryItem | null>(null)
  const cancel = useCallback(() => setDeleting(null), [])
  const items = [...library].sort((a, b) => b.lastActiveAt - a.lastActiveAt)

  const confirm = () => {
    if (!deleting) return
    setDeleting(null)
    void deleteFromLibrary(api, deleting.infoHash, deleting.name || deleting.infoHash)
  }

  return (
    <div className="library-page">
      <div className="page-heading">
        <h1>Library</h1>
        <OpenTorrentButton />
      </div>
      {items.length === 0 ? (
        <p className="empty">
          Nothing here yet. What you watch stays here
          {retention ? ` for ${retention} hours after you last played it` : ' for a while'}.
        </p>
      ) : (
        <LibraryTable items={items} now={now} onDelete={setDeleting} />
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete from the library?"
          message={`"${deleting.name || deleting.infoHash}" and everything downloaded of it will be deleted from disk.`}
          confirmLabel="Delete"
          onConfirm={confirm}
          onCancel={cancel}
        />
      )}
    </div>
  )
}

interface TableProps {
  items: LibraryItem[]
  now: number
  onDelete(item: LibraryItem): void
}

function LibraryTable({ items, now, onDelete }: TableProps) {
  const names = new Map<string, number>()
  for (const item of items) names.set(item.name, (names.get(item.name) ?? 0) + 1)
  return (
    <div className="table-scroll">
      <table className="library">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Size</th>
            <th scope="col">Downloaded</th>
            <th scope="col">Added</th>
            <th scope="col">Last watched</th>
            <th scope="col">Removal</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <LibraryRow
              key={item.infoHash}
              item={item}
              now={now}
              nameShared={(names.get(item.name) ?? 0) > 1}
              onDelete={onDelete}
            />
          ))}
        </tbody>
      </table>
    </div>
  )
}
