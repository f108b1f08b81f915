// Human formats for sizes, speeds, times and ages. Pure: every function takes what it needs,
// including the clock, so tests need no fake timers.

import { formatBytes } from '../src-shared/human-format.js'

export { formatAge, formatBytes, formatCount } from '../src-shared/human-format.js'

export function formatSpeed(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`
}

/** 75 -> "1:15", 3725 -> "1:02:05". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '0:00'
  const total = Math.floor(seconds)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = String(total % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}

/** 0.4231 -> "42%"; clamps, and keeps "99%" until truly complete. */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction) || fraction <= 0) return '0%'
  if (fraction >= 1) return '100%'
  return `${Math.min(99, Math.floor(fraction * 100))}%`
}

/** Time until a future moment, coarse: "in 45 min", "in 5 h", "in 3 days". */
export function formatCountdown(at: number, now: number): string {
  const minutes = Math.max(0, Math.round((at - now) / 60_000))
  if (minutes < 1) return 'in under a minute'
  if (minutes < 60) return `in ${minutes} min`
  const hours = Math.round(minutes / 60)
  if (hours < 48) return `in ${hours} h`
  return `in ${Math.round(hours / 24)} days`
}

/** Seeders to a health level 0-4: 0, 1-4, 5-19, 20-99, 100+. */
export function seedHealth(seeders: number): 0 | 1 | 2 | 3 | 4 {
  if (seeders >= 100) return 4
  if (seeders >= 20) return 3
  if (seeders >= 5) return 2
  if (seeders >= 1) return 1
  return 0
}

/** "movie.mkv" -> "MKV"; the container a person would recognise. */
export function containerName(fileName: string): string {
  const match = /\.([a-z0-9]{1,5})$/i.exec(fileName)
  return match?.[1] ? match[1].toUpperCase() : 'unknown format'
}
