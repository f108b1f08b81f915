import { formatCount } from '../format.js'
import { useStore } from '../store/store.js'

/** Before wt-metadata there is nothing to show but that we are asking, and how many peers answer. */
export function FetchingMetadata({ infoHash }: { infoHash: string }) {
  const peers = useStore((s) => s.torrents[infoHash]?.progress?.peers)
  return (
    <div className="fetching" role="status">
      <progress aria-label="Fetching the file list" />
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
      )}
    </div>
  )
}
