import { containerName } from '../../format.js'
import { StreamActions } from './stream-actions.js'

interface Props {
  fileName: string
  infoHash: string
  fileIndex: number
  url: string
}

/** The browser cannot decode this file (an HEVC MKV, an AVI...): hand it to a player that can. */
export function DecodeErrorPanel({ fileName, ...stream }: Props) {
  return (
    <CannotPlayPanel
      message={`Your browser can't play this file (${containerName(fileName)}).`}
      {...stream}
    />
  )
}

/** Neither played as it is nor converted (no ffmpeg, a codec it lacks, a damaged file): say why. */
export function CannotPlayPanel({
  message,
  infoHash,
  fileIndex,
  url,
}: Omit<Props, 'fileName'> & { message: string }) {
  return (
    <section className="panel decode-error" role="alert">
      <p>{message}</p>
      <p className="muted">It keeps downloading; a player like VLC can play it from the stream URL.</p>
      <StreamActions infoHash={infoHash} fileIndex={fileIndex} url={url} />
    </section>
  )
}
