import { PeerwatchError } from '../../src-shared/errors.js'
import { removeDownload } from '../engine/download-layout.js'
import type { Library } from './library.js'
import type { EngineLink } from './types.js'

export interface RemovedDownload {
  infoHash: string
  name: string
  /** Downloaded bytes that were freed. */
  bytes: number
}

/** Deletes one torrent's data; throws when it could not. */
export type DataRemover = (infoHash: string) => Promise<void>

export const RETENTION_SWEEP_INTERVAL_MS = 10 * 60 * 1000

/** Without an engine: delete the folder and the .torrent directly. */
export function diskRemover(downloadDir: string): DataRemover {
  return (infoHash) => removeDownload(downloadDir, infoHash)
}

/** With an engine running: it closes the torrent if open and deletes its files itself. */
export function engineRemover(link: Pick<EngineLink, 'request'>): DataRemover {
  return async (infoHash) => {
    const result = await link.request('wt-remove', { infoHash, deleteData: true })
    if (!result.ok) throw new PeerwatchError(result.error.code, result.error.message)
  }
}

/**
 * Deletes every closed download nobody has opened for the retention time and forgets it.
 * Open torrents are never touched: each one is looked at again right before it goes, since
 * deleting the ones before it takes time and someone may have opened it meanwhile. One that
 * cannot be deleted stays and is tried next sweep.
 */
export async function sweepRetention(
  library: Library,
  remover: DataRemover | Pick<EngineLink, 'request'>,
  now: number = Date.now(),
): Promise<RemovedDownload[]> {
  const remove = typeof remover === 'function' ? remover : engineRemover(remover)
  const removed: RemovedDownload[] = []
  for (const item of library.expired(now)) {
    if (!library.isExpired(item.infoHash, now)) continue
    // One kept in an earlier download folder is deleted there; the engine only knows its own.
    const elsewhere = library.folderOf(item.infoHash)
    try {
      await (elsewhere ? diskRemover(elsewhere) : remove)(item.infoHash)
    } catch {
      continue
    }
    library.forget(item.infoHash)
    removed.push({ infoHash: item.infoHash, name: item.name, bytes: item.downloaded })
  }
  return removed
}
