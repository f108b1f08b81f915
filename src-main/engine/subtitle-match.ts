import type { TorrentFileInfo } from '../../src-shared/contract.js'
import { episodeOf } from '../../src-shared/episode-code.js'

/**
 * The subtitle files of a torrent that belong to one of its videos. With a single video, all of
 * them. With several (a season pack), those named after it (`Film.mkv` and `Film.srt`,
 * `Film.en.srt`, `Film.eng.forced.srt`), kept in a folder named after it (`Subs/Film/2_English.srt`),
 * or carrying its episode code (S01E02, 1x02); a subtitle file that matches no video by these is not
 * guessed at, so episode 2 never shows episode 1's lines.
 */
export function subtitlesFor(video: TorrentFileInfo, files: readonly TorrentFileInfo[]): TorrentFileInfo[] {
  const subtitles = files.filter((f) => f.kind === 'subtitle')
  const videos = files.filter((f) => f.kind === 'video')
  if (videos.length <= 1) return subtitles
  const stem = stemOf(video.name)
  const episode = episodeCode(video.name)
  return subtitles.filter((subtitle) => {
    const name = stemOf(subtitle.name)
    if (name === stem || name.startsWith(`${stem}.`)) return true
    const folders = subtitle.path.toLowerCase().split('/').slice(0, -1)
    if (folders.includes(stem)) return true
    return episode !== null && episodeCode(subtitle.path) === episode
  })
}

function stemOf(name: string): string {
  return name.toLowerCase().replace(/\.[^.]+$/, '')
}

function episodeCode(path: string): string | null {
  const e = episodeOf(path)
  return e ? `${e.season}x${e.episode}` : null
}
