// Sizes and ages as people read them, the same in the page, the CLI and error messages. Pure,
// with the clock passed in.

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB']

/** 1.5 MB, 700 kB, 6.5 GB: decimal units, like file managers; "?" when unknown. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?'
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000
    unit++
  }
  return `${value.toFixed(unit === 0 || value >= 100 ? 0 : 1)} ${BYTE_UNITS[unit]}`
}

/** "1 peer", "3 peers", "0 downloads": a count with its noun, plural unless it is one. */
export function formatCount(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

const AGE_UNITS: Array<[string, number]> = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
]

/** "3 days ago" for an epoch-ms or ISO time; `unknown` when there is none. */
export function formatAge(time: number | string | null, now: number, unknown = 'unknown'): string {
  const at = typeof time === 'string' ? Date.parse(time) : time
  if (at === null || !Number.isFinite(at)) return unknown
  const seconds = Math.max(0, (now - at) / 1000)
  for (const [unit, size] of AGE_UNITS) {
    const count = Math.floor(seconds / size)
    if (count >= 1) return `${formatCount(count, unit)} ago`
  }
  return 'just now'
}
