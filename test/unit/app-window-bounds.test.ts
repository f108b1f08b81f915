import { describe, expect, it } from 'vitest'
import {
  clampBounds,
  DEFAULT_WINDOW_SIZE,
  parseWindowState,
  type Rect,
} from '../../src-main/app/window-bounds.js'

const LAPTOP: Rect = { x: 0, y: 25, width: 1440, height: 875 }
const MONITOR_RIGHT: Rect = { x: 1440, y: 0, width: 2560, height: 1400 }
const MONITOR_LEFT: Rect = { x: -1920, y: 0, width: 1920, height: 1040 }

describe('window bounds', () => {
  it('opens a first window at the default size, centred on the primary display', () => {
    // (1440 - 1200) / 2 across; 25 + (875 - 760) / 2 = 82.5 down, rounded to whole pixels.
    expect(clampBounds(undefined, [LAPTOP, MONITOR_RIGHT])).toEqual({ x: 120, y: 83, ...DEFAULT_WINDOW_SIZE })
  })

  it('keeps a saved rectangle that fits where it was, on any display', () => {
    const onMonitor = { x: 2000, y: 100, width: 1600, height: 900 }
    expect(clampBounds(onMonitor, [LAPTOP, MONITOR_RIGHT])).toEqual(onMonitor)
    const onLeft = { x: -1800, y: 50, width: 1000, height: 700 }
    expect(clampBounds(onLeft, [LAPTOP, MONITOR_LEFT])).toEqual(onLeft)
  })

  it('brings back a window whose monitor is gone, centred on the primary display', () => {
    const wasOnMonitor = { x: 2000, y: 100, width: 1000, height: 700 }
    expect(clampBounds(wasOnMonitor, [LAPTOP])).toEqual({ x: 220, y: 113, width: 1000, height: 700 })
  })

  it('shrinks a window bigger than the display it is on and moves it inside', () => {
    const huge = { x: -50, y: 0, width: 3000, height: 2000 }
    expect(clampBounds(huge, [LAPTOP])).toEqual({ x: 0, y: 25, width: 1440, height: 875 })
  })

  it('pulls a window hanging off an edge back onto the display', () => {
    const offRight = { x: 1200, y: 500, width: 800, height: 600 }
    expect(clampBounds(offRight, [LAPTOP])).toEqual({ x: 640, y: 300, width: 800, height: 600 })
  })

  it('does not trust a sliver: a window barely on screen is centred instead', () => {
    const sliver = { x: 1400, y: 200, width: 800, height: 600 }
    const placed = clampBounds(sliver, [LAPTOP])
    expect(placed).toEqual({ x: 320, y: 163, width: 800, height: 600 })
  })

  it('puts a window spanning two displays on the one holding most of it', () => {
    const spanning = { x: 1000, y: 100, width: 1200, height: 700 }
    const placed = clampBounds(spanning, [LAPTOP, MONITOR_RIGHT])
    expect(placed).toEqual({ x: 1440, y: 100, width: 1200, height: 700 })
  })

  it('reads a saved state only when it is valid', () => {
    const state = { bounds: { x: 1, y: 2, width: 800, height: 600 }, maximized: true }
    expect(parseWindowState(state)).toEqual(state)
    expect(parseWindowState(undefined)).toBeNull()
    expect(parseWindowState({ bounds: { x: 1, y: 2, width: -5, height: 600 }, maximized: false })).toBeNull()
    expect(parseWindowState({ bounds: { x: 'left' }, maximized: false })).toBeNull()
  })
})
