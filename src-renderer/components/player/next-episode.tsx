import { type RefObject, useEffect, useState } from 'react'
import type { TorrentFileInfo } from '../../../src-shared/contract.js'
import { fileLabel } from '../../episodes.js'
import { navigate } from '../../store/navigation.js'

/** Seconds between an episode's end and the next one, for a person to say no. */
export const NEXT_EPISODE_SECONDS = 5

interface Props {
  videoRef: RefObject<HTMLVideoElement | null>
  infoHash: string
  next: TorrentFileInfo | null
}

/**
 * When an episode ends and the torrent has the next one: "Next: S01E03 in 5 s", with Play now
 * and Cancel. Playing on follows the player page to that file, as choosing it in the list would.
 */
export function NextEpisode({ videoRef, infoHash, next }: Props) {
  // When the next episode starts (ms since the epoch); null while none is coming.
  const [startsAt, setStartsAt] = useState<number | null>(null)
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    const video = videoRef.current
    if (!video || !next) return
    const ended = () => {
      setNow(Date.now())
      setStartsAt(Date.now() + NEXT_EPISODE_SECONDS * 1000)
    }
    const playing = () => setStartsAt(null)
    video.addEventListener('ended', ended)
    video.addEventListener('play', playing)
    return () => {
      video.removeEventListener('ended', ended)
      video.removeEventListener('play', playing)
    }
  }, [videoRef, next])
  useEffect(() => {
    if (startsAt === null || !next) return
    const playNext = () => navigate({ page: 'player', infoHash, fileIndex: next.index }, { replace: true })
    const timer = setTimeout(playNext, Math.max(0, startsAt - Date.now()))
    const ticker = setInterval(() => setNow(Date.now()), 250)
    return () => {
      clearTimeout(timer)
      clearInterval(ticker)
    }
  }, [startsAt, next, infoHash])
  if (startsAt === null || !next) return null
  const left = Math.max(0, Math.ceil((startsAt - now) / 1000))
  return (
    <div className="next-episode" role="status">
      <p>
        Next: <strong>{fileLabel(next)}</strong> in {left} s
      </p>
      <button type="button" onClick={() => setStartsAt(Date.now())}>
        Play now
      </button>
      <button type="button" className="secondary" onClick={() => setStartsAt(null)}>
        Cancel
      </button>
    </div>
  )
}
