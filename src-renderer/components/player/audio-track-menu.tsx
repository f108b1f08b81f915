import type { AudioTrackInfo } from '../../../src-shared/contract.js'
import { audioTrackLabel } from '../../../src-shared/media-labels.js'

interface Props {
  tracks: AudioTrackInfo[]
  chosen: number | null
  onChoose(index: number): void
}

/** Every audio track of the file, by language and sound; choosing one keeps the position. */
export function AudioTrackMenu({ tracks, chosen, onChoose }: Props) {
  return (
    <label className="track-menu">
      <span>Audio</span>
      <select
        aria-label="Audio track"
        value={chosen ?? ''}
        onChange={(event) => onChoose(Number(event.currentTarget.value))}
      >
        {tracks.map((track) => (
          <option key={track.index} value={track.index}>
            {audioTrackLabel(track)}
          </option>
        ))}
      </select>
    </label>
  )
}
