import type { AddOptions } from 'webtorrent'
import { formatBytes } from '../../src-shared/human-format.js'
import { dataFolderPath } from './download-layout.js'
import { DEFAULT_DOWNLOADER_TUNING, type DownloaderOptions } from './downloader.js'
import type { ResolvedEngineOptions } from './engine-options.js'
import { type BoundedMemoryStore, boundedMemoryStore } from './memory-store.js'
import type { Torrent } from './torrent.js'

type StorageOptions = Pick<
  ResolvedEngineOptions,
  'downloadDir' | 'store' | 'memoryBudgetBytes' | 'downloader'
>

/**
 * Where a torrent's pieces live, as webtorrent is told when it is added: its folder in the
 * download folder, or (memory mode) a store bounded by the budget that evicts by the
 * downloader's scores. `session` finds the torrent's session once it exists.
 */
export function storageFor(
  opts: StorageOptions,
  infoHash: string,
  session: () => Torrent | undefined,
): AddOptions {
  const base: AddOptions = {
    path: dataFolderPath(opts.downloadDir, infoHash),
    deselect: true,
    destroyStoreOnDestroy: false,
  }
  if (opts.store !== 'memory') return base
  // webtorrent builds the store before the session exists: look the session up when needed.
  const policy = {
    // Not `?? index`: null is the downloader's "must keep", and must reach the store as null.
    keepScore: (index: number) => {
      const s = session()
      return s ? s.downloader.keepScore(index) : index
    },
    onEvicted: (index: number) => session()?.downloader.onEvicted(index),
  }
  const attachStats = (store: BoundedMemoryStore): void => {
    const s = session()
    if (s) s.memoryStats = store.stats
  }
  return {
    ...base,
    storeCacheSlots: 0,
    store: boundedMemoryStore(opts.memoryBudgetBytes, policy, attachStats),
  }
}

/** The downloader's windows (capped in memory mode by the store's budget) and timing. */
export function downloaderOptionsFor(opts: StorageOptions): DownloaderOptions {
  return {
    ...DEFAULT_DOWNLOADER_TUNING,
    ...opts.downloader,
    mode: opts.store,
    memoryBudgetBytes: opts.memoryBudgetBytes,
  }
}

/** A warning when the memory budget holds too few of this torrent's pieces; else null. */
export function budgetWarning(opts: StorageOptions, pieceLength: number): string | null {
  if (opts.store !== 'memory' || opts.memoryBudgetBytes >= 8 * pieceLength) return null
  return `The memory budget holds fewer than 8 pieces of this torrent (${formatBytes(pieceLength)} each): playback may stutter and memory may exceed the budget by a piece.`
}
