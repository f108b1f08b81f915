import type { TorrentFileInfo } from '../../../src-preload/contract.js'
import { navigate } from '../../store/navigation.js'

interface Props {
  infoHash: string
  fileIndex: number
  videos: TorrentFileInfo[]
}

/** Another video of the same torrent: the page asks the engine for it and follows its new URL. */
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
        {videos.map((file) => (
          <option key={file.index} value={file.index}>
            {file.path}
          </option>
        ))}
      </select>
    </label>
  )
}
