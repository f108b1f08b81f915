import type { TorrentFileInfo } from '../src-shared/contract.js'
import { episodeOf } from '../src-shared/episode-code.js'

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
