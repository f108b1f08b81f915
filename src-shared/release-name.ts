/** What a release name says about a copy of a film, for the results list. */
export interface ReleaseQuality {
  resolution: '2160p' | '1080p' | '720p' | '480p' | null
  source: 'BluRay' | 'WEB' | 'HDTV' | 'DVD' | 'CAM' | null
  video: 'HEVC' | 'H.264' | 'AV1' | 'XviD' | null
  audio: 'DTS' | 'TrueHD' | 'DD+' | 'DD' | 'AAC' | 'MP3' | 'Opus' | null
}

type Rule<T> = [T, RegExp]

const RESOLUTIONS: Rule<NonNullable<ReleaseQuality['resolution']>>[] = [
  ['2160p', /\b(2160p|4k|uhd)\b/i],
  ['1080p', /\b1080[pi]\b/i],
  ['720p', /\b720p\b/i],
  ['480p', /\b(480p|576p|360p)\b/i],
]
const SOURCES: Rule<NonNullable<ReleaseQuality['source']>>[] = [
  ['CAM', /\b(cam|camrip|hdcam|ts|telesync|hdts|tc|telecine)\b/i],
  ['BluRay', /\b(blu-?ray|bdrip|brrip|bdremux|remux|bd25|bd50)\b/i],
  ['WEB', /\b(web-?dl|web-?rip|webrip|web|amzn|nf|dsnp|hmax|atvp)\b/i],
  ['HDTV', /\b(hdtv|pdtv|tvrip)\b/i],
  ['DVD', /\b(dvd-?rip|dvd|dvdscr|dvd5|dvd9)\b/i],
]
const VIDEO: Rule<NonNullable<ReleaseQuality['video']>>[] = [
  ['HEVC', /\b(x265|h\.?265|hevc)\b/i],
  ['AV1', /\bav1\b/i],
  ['XviD', /\b(xvid|divx)\b/i],
  ['H.264', /\b(x264|h\.?264|avc)\b/i],
]
const AUDIO: Rule<NonNullable<ReleaseQuality['audio']>>[] = [
  ['TrueHD', /\btrue-?hd\b/i],
  ['DTS', /\bdts(-?hd|-?ma|-?x)?\b/i],
  ['DD+', /\b(ddp|dd\+|e-?ac-?3|eac3)(\s?\d\.\d)?\b/i],
  ['DD', /\b(dd|ac-?3|dolby\s?digital)(\s?\d\.\d)?\b/i],
  ['AAC', /\baac(\d(\.\d)?)?\b/i],
  ['MP3', /\bmp3\b/i],
  ['Opus', /\bopus\b/i],
]

function first<T>(rules: Rule<T>[], name: string): T | null {
  return rules.find(([, pattern]) => pattern.test(name))?.[0] ?? null
}

/** "Film.2019.1080p.BluRay.x265.DTS-GRP" -> 1080p, BluRay, HEVC, DTS; null where it says nothing. */
export function releaseQuality(name: string): ReleaseQuality {
  // Dots, underscores and brackets separate words in release names; "5.1" and "H.264" keep theirs.
  const words = name.replace(/(?<!\d|\bh)\.|\.(?!\d)|[_[\]()]+/gi, ' ')
  return {
    resolution: first(RESOLUTIONS, words),
    source: first(SOURCES, words),
    video: first(VIDEO, words),
    audio: first(AUDIO, words),
  }
}

/** The resolution filter's buckets: 480p and below are "SD". */
export type ResolutionFilter = 'all' | '2160p' | '1080p' | '720p' | 'sd'

export function matchesResolution(quality: ReleaseQuality, filter: ResolutionFilter): boolean {
  if (filter === 'all') return true
  if (filter === 'sd') return quality.resolution === '480p'
  return quality.resolution === filter
}
