import { formatPercent, formatSpeed } from '../../format.js'
import type { TorrentProgress } from '../../store/torrents-slice.js'

export function PlayerStats({ progress }: { progress: TorrentProgress | null }) {
  if (!progress) return <p className="player-stats muted">Connecting to peers...</p>
  return (
    <dl className="player-stats">
      <div>
        <dt>Download</dt>
        <dd>{formatSpeed(progress.downloadSpeed)}</dd>
      </div>
      <div>
        <dt>Upload</dt>
        <dd>{formatSpeed(progress.uploadSpeed)}</dd>
      </div>
      <div>
        <dt>Peers</dt>
        <dd title={`${progress.sendingPeers} sending, ${progress.peers} connected`}>
          {progress.sendingPeers}
          {progress.peers > progress.sendingPeers && <span className="muted"> of {progress.peers}</span>}
        </dd>
      </div>
      <div>
        <dt>Downloaded</dt>
        <dd>{formatPercent(progress.progress)}</dd>
      </div>
    </dl>
  )
}
