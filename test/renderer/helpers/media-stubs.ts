import { afterEach, vi } from 'vitest'

// jsdom has no media pipeline: play/pause only flip `paused` and fire their events, and a test
// gives a <video> its duration and picture size.

const pausedState = new WeakMap<HTMLMediaElement, boolean>()

export function stubMedia() {
  vi.spyOn(HTMLMediaElement.prototype, 'paused', 'get').mockImplementation(function (this: HTMLMediaElement) {
    return pausedState.get(this) ?? true
  })
  const play = vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(function (
    this: HTMLMediaElement,
  ) {
    pausedState.set(this, false)
    this.dispatchEvent(new Event('play'))
    return Promise.resolve()
  })
  const pause = vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(function (
    this: HTMLMediaElement,
  ) {
    pausedState.set(this, true)
    this.dispatchEvent(new Event('pause'))
  })
  return { play, pause }
}

/** The page's one <video>; a test that expects it fails here when it is missing. */
export function videoElement(): HTMLVideoElement {
  const element = document.querySelector('video')
  if (!element) throw new Error('no <video>')
  return element
}

export function setMedia(video: HTMLVideoElement, props: { duration?: number; videoWidth?: number }) {
  for (const [key, value] of Object.entries(props)) {
    Object.defineProperty(video, key, { value, configurable: true })
  }
}

afterEach(() => {
  vi.restoreAllMocks()
})
