// Human formats for sizes, speeds, times and ages. Pure: every function takes what it needs,
// including the clock, so tests need no fake timers.

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const

/** 1536 -> "1.5 KB": binary steps, one decimal above bytes. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?'
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${UNITS[unit]}`
}

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

const AGE_STEPS: Array<[number, string]> = [
  [60, 'second'],
  [60, 'minute'],
  [24, 'hour'],
  [30, 'day'],
  [12, 'month'],
  [Number.POSITIVE_INFINITY, 'year'],
]

/** "3 days ago" for an epoch-ms or ISO time; "unknown" when there is none. */
export function formatAge(time: number | string | null, now: number): string {
  const at = typeof time === 'string' ? Date.parse(time) : time
  if (at === null || !Number.isFinite(at)) return 'unknown'
  let value = Math.max(0, (now - at) / 1000)
  if (value < 45) return 'just now'
  for (const [size, unit] of AGE_STEPS) {
    if (value < size) {
      const n = Math.max(1, Math.floor(value))
      return `${n} ${unit}${n === 1 ? '' : 's'} ago`
    }
    value /= size
  }
  return 'long ago'
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
