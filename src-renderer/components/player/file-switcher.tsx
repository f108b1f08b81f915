import type { TorrentFileInfo } from '../../../src-shared/contract.js'
import { fileLabel, inWatchOrder } from '../../episodes.js'
import { navigate } from '../../store/navigation.js'

interface Props {
  infoHash: string
  fileIndex: number
  videos: TorrentFileInfo[]
}

/**
 * Another video of the same torrent: the page asks the engine for it and follows its new URL.
 * Episodes read as episodes (S01E02 · Title), in order.
 */
export function FileSwitcher({ infoHash, fileIndex, videos }: Props) {
  if (videos.length < 2) return null
  return (
    <label className="file-switcher">
      <span className="muted">File</span>
      <select
        value={fileIndex}
        onChange={(e) =>
          navigate({ page: 'player', infoHash, fileIndex: Number(e.target.value) }, { replace: true })
        }
      >
        {inWatchOrder(videos).map((file) => (
          <option key={file.index} value={file.index} title={file.path}>
            {fileLabel(file)}
          </option>
        ))}
      </select>
    </label>
  )
}
