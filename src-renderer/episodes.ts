import type { TorrentFileInfo } from '../src-shared/contract.js'

export interface Episode {
  season: number
  episode: number
  /** The episode's own title when the file name carries one. */
  title: string | null
}

const CODE = /(?:^|[^a-z0-9])(?:s(\d{1,2})[ ._-]?e(\d{1,3})|(\d{1,2})x(\d{2,3}))(?=[^a-z0-9]|$)/i
/** Where a release name stops being the title: quality, source, codec, group tags. */
const RELEASE_TAG =
  /^(?:\d{3,4}p|web(?:-?dl|rip)?|blu-?ray|bdrip|brrip|hdtv|dvdrip|x26[45]|h\.?26[45]|hevc|avc|aac\d?|ac3|dts|ddp?\d?|10bit|hdr|proper|repack|internal|amzn|nf|dsnp|hmax|atvp)$/i

/** "Show.S01E02.The.Title.1080p.WEB.x264.mkv" -> season 1, episode 2, "The Title"; null if no code. */
export function episodeOf(path: string): Episode | null {
  const name = path.split('/').at(-1) ?? path
  const match = CODE.exec(name) ?? CODE.exec(path)
  if (!match) return null
  const season = Number(match[1] ?? match[3])
  const episode = Number(match[2] ?? match[4])
  const after = name.slice((match.index ?? 0) + match[0].length).replace(/\.[a-z0-9]{2,4}$/i, '')
  const words: string[] = []
  for (const word of after.split(/[ ._]+/).filter(Boolean)) {
    if (RELEASE_TAG.test(word) || word.startsWith('[') || /^-/.test(word)) break
    words.push(word)
  }
  const title = words.join(' ').replace(/-\w+$/, '').trim()
  return { season, episode, title: title || null }
}

/** "S01E02 · The Title" for an episode, the file's path otherwise. */
export function fileLabel(file: TorrentFileInfo): string {
  const e = episodeOf(file.path)
  if (!e) return file.path
  const code = `S${String(e.season).padStart(2, '0')}E${String(e.episode).padStart(2, '0')}`
  return e.title ? `${code} · ${e.title}` : code
}

/** The videos in the order people watch them: by season and episode when they are episodes. */
export function inWatchOrder(videos: readonly TorrentFileInfo[]): TorrentFileInfo[] {
  const keyed = videos.map((file) => ({ file, e: episodeOf(file.path) }))
  if (keyed.some((k) => !k.e)) return [...videos]
  return keyed
    .sort((a, b) => (a.e?.season ?? 0) - (b.e?.season ?? 0) || (a.e?.episode ?? 0) - (b.e?.episode ?? 0))
    .map((k) => k.file)
}

/** The episode after the one playing, when both are episodes of the torrent. */
export function nextEpisode(videos: readonly TorrentFileInfo[], fileIndex: number): TorrentFileInfo | null {
  const current = videos.find((f) => f.index === fileIndex)
  if (!current || !episodeOf(current.path)) return null
  const ordered = inWatchOrder(videos)
  const next = ordered[ordered.indexOf(current) + 1]
  return next && episodeOf(next.path) ? next : null
}
