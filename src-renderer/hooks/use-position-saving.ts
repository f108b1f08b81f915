import { type RefObject, useEffect } from 'react'
import type { Api } from '../../src-shared/contract.js'
import { savePosition } from '../store/commands.js'

const SAVE_EVERY_MS = 5000

/** Saves where the person is: every 5 s while playing, on pause, and on leaving the file. */
export function usePositionSaving(
  api: Api,
  infoHash: string,
  fileIndex: number,
  videoRef: RefObject<HTMLVideoElement | null>,
): void {
  useEffect(() => {
    const video = videoRef.current
    if (!video) return
    const save = () => {
      const duration = video.duration
      if (!Number.isFinite(duration) || duration <= 0 || video.currentTime <= 0) return
      savePosition(api, { infoHash, fileIndex, position: video.currentTime, duration })
    }
    const timer = setInterval(() => {
      if (!video.paused) save()
    }, SAVE_EVERY_MS)
    video.addEventListener('pause', save)
    window.addEventListener('pagehide', save)
    return () => {
      clearInterval(timer)
      video.removeEventListener('pause', save)
      window.removeEventListener('pagehide', save)
      save()
    }
  }, [api, infoHash, fileIndex, videoRef])
}
