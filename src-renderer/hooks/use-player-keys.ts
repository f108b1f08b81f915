import { type RefObject, useEffect, useRef } from 'react'
import { SUBTITLE_DELAY_STEP } from '../playback/subtitle-delay.js'

/** Arrow keys step this far, j and l further (as on YouTube). */
const ARROW_STEP_SECONDS = 5
const JUMP_STEP_SECONDS = 10
const VOLUME_STEP = 0.05

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

/** Fullscreen for the picture and Peerwatch's controls over it, or back. */
export function toggleFullscreen(target: HTMLElement | null): void {
  if (document.fullscreenElement) void document.exitFullscreen?.()
  else void target?.requestFullscreen?.()
}

export interface PlayerKeyActions {
  /** c: the next subtitle choice (off, then each track in turn). */
  cycleSubtitles?(): void
  /** g and h: subtitles earlier or later by `by` seconds. */
  delaySubtitles?(by: number): void
}

/**
 * The keys people know from VLC and YouTube, while the player page has the keyboard (not in a
 * text field): space or k, left/right 5 s, j/l 10 s, up/down volume, m, f, c, and g/h for the
 * subtitle delay. Escape only
 * leaves fullscreen (the browser does that itself); it never stops the film or leaves the page.
 */
export function usePlayerKeys(
  videoRef: RefObject<HTMLVideoElement | null>,
  fullscreenRef: RefObject<HTMLElement | null>,
  actions: PlayerKeyActions = {},
): void {
  const latest = useRef(actions)
  latest.current = actions
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return
      if (isTyping(event.target)) return
      const video = videoRef.current
      // Without a video (the can't-play panel) no key means anything.
      if (!video) return
      const action = keyAction(event, video, fullscreenRef.current, latest.current)
      if (!action) return
      event.preventDefault()
      action()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [videoRef, fullscreenRef])
}

function keyAction(
  event: KeyboardEvent,
  video: HTMLVideoElement,
  fullscreenTarget: HTMLElement | null,
  actions: PlayerKeyActions,
): (() => void) | null {
  const seekBy = (delta: number) => () => {
    const end = Number.isFinite(video.duration) ? video.duration : Number.POSITIVE_INFINITY
    video.currentTime = Math.min(end, Math.max(0, video.currentTime + delta))
  }
  const volumeBy = (delta: number) => () => {
    video.volume = Math.min(1, Math.max(0, Math.round((video.volume + delta) * 100) / 100))
    video.muted = video.volume === 0
  }
  switch (event.key) {
    case ' ':
      return activatesControl(event.target) ? null : () => togglePlay(video)
    case 'k':
    case 'K':
      return () => togglePlay(video)
    case 'ArrowLeft':
      return seekBy(-ARROW_STEP_SECONDS)
    case 'ArrowRight':
      return seekBy(ARROW_STEP_SECONDS)
    case 'j':
    case 'J':
      return seekBy(-JUMP_STEP_SECONDS)
    case 'l':
    case 'L':
      return seekBy(JUMP_STEP_SECONDS)
    case 'ArrowUp':
      return volumeBy(VOLUME_STEP)
    case 'ArrowDown':
      return volumeBy(-VOLUME_STEP)
    case 'f':
    case 'F':
      return () => toggleFullscreen(fullscreenTarget)
    case 'm':
    case 'M':
      return () => {
        video.muted = !video.muted
      }
    case 'c':
    case 'C':
      return actions.cycleSubtitles ?? null
    case 'g':
    case 'G':
      return actions.delaySubtitles ? () => actions.delaySubtitles?.(-SUBTITLE_DELAY_STEP) : null
    case 'h':
    case 'H':
      return actions.delaySubtitles ? () => actions.delaySubtitles?.(SUBTITLE_DELAY_STEP) : null
    case 'Escape':
      return document.fullscreenElement ? () => void document.exitFullscreen?.() : null
    default:
      return null
  }
}
