import { useState } from 'react'
import type { TorrentFileInfo } from '../../src-shared/contract.js'
import { useApi } from '../app/api-context.js'
import { fileLabel, inWatchOrder } from '../episodes.js'
import { formatBytes } from '../format.js'
import { useTorrentFiles } from '../hooks/use-torrent-files.js'
import { selectFile } from '../store/commands.js'
import { navigate } from '../store/navigation.js'
import { useStore } from '../store/store.js'
import { FetchingMetadata } from './fetching-metadata.js'
import { WaitEstimate } from './wait-estimate.js'

/** After "Watch": metadata progress, then the videos with the largest one chosen, then Play. */
export function FilePicker({ infoHash }: { infoHash: string }) {
  const torrent = useStore((s) => s.torrents[infoHash])
  const files = useTorrentFiles(infoHash)
  if (torrent?.state === 'error') {
    return (
      <p className="inline-error" role="alert">
        {torrent.error?.message ?? 'This torrent failed.'}
      </p>
    )
  }
  if (torrent?.state !== 'ready' || files.length === 0) {
    return <FetchingMetadata infoHash={infoHash} />
  }
  const videos = files.filter((f) => f.kind === 'video')
  const largest = [...videos].sort((a, b) => b.length - a.length)[0]
  if (!largest) return <p className="inline-error">There is no video file in this torrent.</p>
  const preferred = torrent.fileIndex ?? torrent.defaultFileIndex ?? largest.index
  return <VideoChoice infoHash={infoHash} videos={videos} preferred={preferred} />
}

interface ChoiceProps {
  infoHash: string
  videos: TorrentFileInfo[]
  preferred: number
}

function VideoChoice({ infoHash, videos, preferred }: ChoiceProps) {
  const api = useApi()
  const [chosen, setChosen] = useState(preferred)
  const [busy, setBusy] = useState(false)
  const play = async () => {
    setBusy(true)
    const ok = chosen === preferred || (await selectFile(api, infoHash, chosen))
    setBusy(false)
    if (ok) navigate({ page: 'player', infoHash, fileIndex: chosen })
  }
  return (
    <div className="file-picker">
      <fieldset>
        <legend>Choose a file</legend>
        {inWatchOrder(videos).map((file) => (
          <label key={file.index} className="file-option" title={file.path}>
            <input
              type="radio"
              name={`file-${infoHash}`}
              value={file.index}
              checked={chosen === file.index}
              onChange={() => setChosen(file.index)}
            />
            <span className="file-name">{fileLabel(file)}</span>
            <span className="muted">{formatBytes(file.length)}</span>
          </label>
        ))}
      </fieldset>
      <WaitEstimate
        infoHash={infoHash}
        fileIndex={chosen}
        length={videos.find((f) => f.index === chosen)?.length ?? 0}
      />
      <button type="button" onClick={play} disabled={busy}>
        Play
      </button>
    </div>
  )
}
