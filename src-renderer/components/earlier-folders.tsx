import { useEffect, useState } from 'react'
import type { EventPayload } from '../../src-shared/contract.js'
import { formatBytes, formatCount } from '../../src-shared/human-format.js'
import { useApi } from '../app/api-context.js'
import { formatPercent } from '../format.js'
import { errorToast } from '../store/error-hints.js'
import { useStore } from '../store/store.js'

/**
 * After the download folder changed: the films still in an earlier one stay listed (and move
 * when played); this offers to move them all now, with progress.
 */
export function EarlierFolders() {
  const api = useApi()
  const library = useStore((s) => s.library)
  const elsewhere = library.filter((item) => item.folder)
  const [moving, setMoving] = useState(false)
  const [progress, setProgress] = useState<EventPayload<'library-move-progress'> | null>(null)
  useEffect(() => api.on('library-move-progress', setProgress), [api])
  if (elsewhere.length === 0 && !moving) return null
  const bytes = elsewhere.reduce((sum, item) => sum + item.downloaded, 0)
  const moveAll = async (): Promise<void> => {
    setMoving(true)
    const result = await api.request('library-move', {})
    setMoving(false)
    setProgress(null)
    if (!result.ok) useStore.getState().pushToast(errorToast(result.error))
    else
      useStore
        .getState()
        .pushToast({ kind: 'info', message: `Moved ${formatCount(result.value.moved, 'download')}` })
  }
  return (
    <section className="earlier-folders" aria-label="Downloads in earlier folders">
      <p>
        {formatCount(elsewhere.length, 'download')} ({formatBytes(bytes)}){' '}
        {elsewhere.length === 1 ? 'is' : 'are'} in an earlier download folder. They stay listed there, and
        move here when played.
      </p>
      {moving ? (
        <p role="status">
          {progress
            ? `Moving "${progress.name}": ${formatPercent(progress.total > 0 ? progress.moved / progress.total : 1)}`
            : 'Moving...'}
        </p>
      ) : (
        <button type="button" onClick={() => void moveAll()}>
          Move them here
        </button>
      )}
    </section>
  )
}
