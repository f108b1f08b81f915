import { useEffect, useRef, useState } from 'react'
import { useApi } from '../app/api-context.js'
import { formatCount, formatDuration } from '../format.js'
import { useNow } from '../hooks/use-now.js'
import { stopTorrent } from '../store/commands.js'
import { goBack } from '../store/navigation.js'
import { useStore } from '../store/store.js'

/** After this long without a file list, the wait is worth explaining. */
export const LONG_WAIT_MS = 30_000

/**
 * Before wt-metadata there is nothing to show but that we are asking: for how long, how many
 * peers answer, a way out, and after a while what a long wait usually means. Leaving the page
 * before the file list came closes the torrent, so waits never pile up behind the page.
 */
export function FetchingMetadata({ infoHash }: { infoHash: string }) {
  const api = useApi()
  const peers = useStore((s) => s.torrents[infoHash]?.progress?.peers)
  const [since] = useState(() => Date.now())
  const now = useNow(1000)
  const waited = Math.max(0, now - since)
  useClosedIfLeftWaiting(infoHash)
  const cancel = () => {
    void stopTorrent(api, infoHash)
    goBack()
  }
  return (
    <div className="fetching" role="status">
      <progress aria-label="Fetching the file list" />
      <p>
        {peers === 0 ? (
          <span>
            Waiting for peers: nobody sharing this torrent is reachable yet. It starts by itself when someone
            is.
          </span>
        ) : (
          <span>
            Fetching the file list from peers...
            {peers !== undefined && <span className="muted"> ({formatCount(peers, 'peer')})</span>}
          </span>
        )}{' '}
        <time className="muted" title="Waited so far">
          {formatDuration(waited / 1000)}
        </time>
      </p>
      {waited >= LONG_WAIT_MS && (
        <p className="long-wait">
          {peers
            ? 'The peers found so far have not sent the file list.'
            : 'No peer has answered in this time.'}{' '}
          Seeder counts in search results can be days old, so this torrent may have nobody online now. Another
          result for the same film is often quicker.
        </p>
      )}
      <button type="button" onClick={cancel}>
        Cancel
      </button>
    </div>
  )
}

function useClosedIfLeftWaiting(infoHash: string): void {
  const api = useApi()
  const apiRef = useRef(api)
  apiRef.current = api
  useEffect(
    () => () => {
      const torrent = useStore.getState().torrents[infoHash]
      if (torrent && torrent.state === 'fetching-metadata') void stopTorrent(apiRef.current, infoHash)
    },
    [infoHash],
  )
}
