import { type RefObject, useEffect } from 'react'
import { goBack } from '../store/navigation.js'

const SEEK_STEP_SECONDS = 10

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}

/** Space and Enter on a focused button or link belong to it. */
function activatesControl(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && ['BUTTON', 'A', 'SUMMARY'].includes(target.tagName)
}

export function togglePlay(video: HTMLVideoElement): void {
  if (video.paused) void Promise.resolve(video.play()).catch(() => {})
  else video.pause()
}

function toggleFullscreen(container: HTMLElement | null): void {
  if (document.fullscreenElement) void document.exitFullscreen?.()
  else void container?.requestFullscreen?.()
}

/** Space, arrows, f, m and Escape while the player page has the keyboard (not in a text field). */
export function usePlayerKeys(
  videoRef: RefObject<HTMLVideoElement | null>,
  containerRef: RefObject<HTMLElement | null>,
): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return
      if (isTyping(event.target)) return
      const action = keyAction(event, videoRef.current, containerRef.current)
      if (!action) return
      event.preventDefault()
      action()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [videoRef, containerRef])
}

function keyAction(event: KeyboardEvent, video: HTMLVideoElement | null, container: HTMLElement | null) {
  if (event.key === 'Escape') {
    // In fullscreen the browser's own Escape leaves fullscreen first.
    return document.fullscreenElement ? null : goBack
  }
  // Without a video (the can't-play panel) only Escape means anything.
  if (!video) return null
  const seekBy = (delta: number) => () => {
    const end = Number.isFinite(video.duration) ? video.duration : Number.POSITIVE_INFINITY
    video.currentTime = Math.min(end, Math.max(0, video.currentTime + delta))
  }
  switch (event.key) {
    case ' ':
      return activatesControl(event.target) ? null : () => togglePlay(video)
    case 'ArrowLeft':
      return seekBy(-SEEK_STEP_SECONDS)
    case 'ArrowRight':
      return seekBy(SEEK_STEP_SECONDS)
    case 'f':
    case 'F':
      return () => toggleFullscreen(container)
    case 'm':
    case 'M':
      return () => {
        video.muted = !video.muted
      }
    default:
      return null
  }
}
