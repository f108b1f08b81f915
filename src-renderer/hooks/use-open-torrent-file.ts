import { useCallback } from 'react'
import { useApi } from '../app/api-context.js'
import { readTorrentFile } from '../input-kind.js'
import { openAndPlay } from '../store/commands.js'
import { useStore } from '../store/store.js'

/** Reads a dropped or picked .torrent file and opens it, or says why it cannot. */
export function useOpenTorrentFile(): (file: File) => Promise<void> {
  const api = useApi()
  return useCallback(
    async (file: File) => {
      const checked = await readTorrentFile(file).catch(() => ({
        ok: false as const,
        message: `Could not read "${file.name}".`,
        hint: 'Save the file again and drop it here.',
      }))
      if (!checked.ok) {
        useStore.getState().pushToast({ kind: 'error', message: checked.message, hint: checked.hint })
        return
      }
      await openAndPlay(api, { torrentFile: checked.bytes })
    },
    [api],
  )
}
