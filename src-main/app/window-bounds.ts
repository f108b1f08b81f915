import { z } from 'zod'

// Where the main window opens: where it was last time, as far as the displays that exist now
// allow. A monitor unplugged since must not leave the window somewhere nobody can reach it.

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

const rectSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
})

export const windowStateSchema = z.object({ bounds: rectSchema, maximized: z.boolean() })
export type WindowState = z.infer<typeof windowStateSchema>

export const DEFAULT_WINDOW_SIZE = { width: 1200, height: 760 }
export const MIN_WINDOW_SIZE = { width: 640, height: 420 }
/** How much of a saved window must still be on some display for it to reopen there. */
const MIN_VISIBLE = { width: 120, height: 60 }

/** A saved state read back from the store, or null when there is none or it is not valid. */
export function parseWindowState(saved: unknown): WindowState | null {
  const parsed = windowStateSchema.safeParse(saved)
  return parsed.success ? parsed.data : null
}

/**
 * The rectangle to open the window at. `workAreas` are the displays' work areas, the primary
 * one first. The saved rectangle is kept when enough of it is on a display (shrunk and moved
 * to fit inside that display); otherwise the window opens centred on the primary display.
 */
export function clampBounds(saved: Rect | null | undefined, workAreas: Rect[]): Rect {
  const primary = workAreas[0]
  if (!primary) return saved ?? { x: 0, y: 0, ...DEFAULT_WINDOW_SIZE }
  if (!saved) return centred(DEFAULT_WINDOW_SIZE, primary)
  const host = bestDisplay(saved, workAreas)
  if (!host) return centred(saved, primary)
  return fitInside(saved, host)
}

function bestDisplay(rect: Rect, areas: Rect[]): Rect | null {
  let best: Rect | null = null
  let bestArea = 0
  for (const area of areas) {
    const overlap = intersection(rect, area)
    if (!overlap || overlap.width < MIN_VISIBLE.width || overlap.height < MIN_VISIBLE.height) continue
    const size = overlap.width * overlap.height
    if (size > bestArea) {
      best = area
      bestArea = size
    }
  }
  return best
}

function intersection(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x)
  const y = Math.max(a.y, b.y)
  const right = Math.min(a.x + a.width, b.x + b.width)
  const bottom = Math.min(a.y + a.height, b.y + b.height)
  if (right <= x || bottom <= y) return null
  return { x, y, width: right - x, height: bottom - y }
}

function size(wanted: { width: number; height: number }, area: Rect) {
  return {
    width: Math.min(Math.max(wanted.width, Math.min(MIN_WINDOW_SIZE.width, area.width)), area.width),
    height: Math.min(Math.max(wanted.height, Math.min(MIN_WINDOW_SIZE.height, area.height)), area.height),
  }
}

function fitInside(rect: Rect, area: Rect): Rect {
  const { width, height } = size(rect, area)
  const x = Math.min(Math.max(rect.x, area.x), area.x + area.width - width)
  const y = Math.min(Math.max(rect.y, area.y), area.y + area.height - height)
  return { x, y, width, height }
}

function centred(wanted: { width: number; height: number }, area: Rect): Rect {
  const { width, height } = size(wanted, area)
  return {
    x: Math.round(area.x + (area.width - width) / 2),
    y: Math.round(area.y + (area.height - height) / 2),
    width,
    height,
  }
}
