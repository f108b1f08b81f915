import type { TorrentFileInfo } from '../../src-shared/contract.js'
import { useStore } from '../store/store.js'

const NONE: TorrentFileInfo[] = []

/**
 * A torrent's files: from its wt-metadata, or from the library when it was already open before
 * this page loaded (the engine does not repeat wt-metadata for it).
 */
export function useTorrentFiles(infoHash: string): TorrentFileInfo[] {
  return useStore((s) => {
    const own = s.torrents[infoHash]?.files
    if (own?.length) return own
    return s.library.find((item) => item.infoHash === infoHash)?.files ?? NONE
  })
}
