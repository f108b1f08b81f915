import { useEffect, useState } from 'react'
import { useApi } from '../app/api-context.js'
import { formatDuration, formatSpeed } from '../format.js'
import { secondsToWait } from '../playback/steady-buffer.js'
import { useStore } from '../store/store.js'

interface Props {
  infoHash: string
  fileIndex: number
  /** The file's bytes. */
  length: number
}

/**
 * Before Play: whether this copy will play through at the speed the peers send now, or how long
 * it would have to wait first (the player's own estimate, useSteadyBuffering). Shown once the
 * file's length in time is known (its probe) and something is coming in.
 */
export function WaitEstimate({ infoHash, fileIndex, length }: Props) {
  const api = useApi()
  const streaming = useStore((s) => s.torrents[infoHash]?.fileIndex === fileIndex)
  const progress = useStore((s) => s.torrents[infoHash]?.progress ?? null)
  const [duration, setDuration] = useState<number | null>(null)
  useEffect(() => {
    if (!streaming) return
    let current = true
    void api.request('wt-media-info', { infoHash, fileIndex }).then((answer) => {
      if (current && answer.ok) setDuration(answer.value.info?.durationSeconds ?? null)
    })
    return () => {
      current = false
    }
  }, [api, infoHash, fileIndex, streaming])
  const rate = progress?.downloadSpeed ?? 0
  if (!streaming || !duration || rate <= 0) return null
  const ranges = progress?.files.find((f) => f.index === fileIndex)?.ranges ?? []
  const wait = secondsToWait({ length, duration, position: 0, ranges, rate })
  return (
    <p className="wait-estimate" role="status">
      {wait <= 0
        ? `At ${formatSpeed(rate)} from the peers now, it plays without stopping.`
        : `At ${formatSpeed(rate)} from the peers now, it plays without stopping after about ${formatDuration(Math.ceil(wait))} of waiting.`}
    </p>
  )
}
