import type { WatchedPosition } from '../src-shared/contract.js'

// Pure helpers for the player: what to draw, where to resume, which URL to hand out.

export type Span = [start: number, end: number]

/** Inclusive byte ranges of a file to [start, end) fractions of its length, for drawing. */
export function downloadedFractions(ranges: Array<[number, number]>, length: number): Span[] {
  if (length <= 0) return []
  return ranges.map(([a, b]) => [clamp01(a / length), clamp01((b + 1) / length)])
}

/** The media element's buffered ranges as fractions of its duration. */
export function bufferedFractions(buffered: TimeRanges | undefined, duration: number): Span[] {
  if (!buffered || !Number.isFinite(duration) || duration <= 0) return []
  const spans: Span[] = []
  for (let i = 0; i < buffered.length; i++) {
    spans.push([clamp01(buffered.start(i) / duration), clamp01(buffered.end(i) / duration)])
  }
  return spans
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x))
}

export const MIN_RESUME_SECONDS = 10
export const FINISHED_FRACTION = 0.9

/**
 * Where to pick up a file again: not for the first seconds (nothing to skip) and not near the
 * end (the credits: it was watched).
 */
export function resumeTarget(saved: WatchedPosition | undefined, duration: number): number | null {
  if (!saved || saved.position < MIN_RESUME_SECONDS) return null
  const total = Number.isFinite(duration) && duration > 0 ? duration : saved.duration
  if (total > 0 && saved.position / total >= FINISHED_FRACTION) return null
  if (total > 0 && saved.position >= total) return null
  return saved.position
}

/** Desktop stream URLs are absolute; the web server hands out origin-relative ones. */
export function resolveStreamUrl(url: string, base: string): string {
  return new URL(url, base).href
}

/** "Movie.en.srt" -> "en"; a track needs a language, "und" when the name does not say. */
export function subtitleLanguage(fileName: string): string {
  const match = /[._-]([a-z]{2,3})(?:[._-](?:forced|sdh|hi|cc))?\.(?:srt|vtt|ass|ssa|sub)$/i.exec(fileName)
  return match?.[1]?.toLowerCase() ?? 'und'
}
