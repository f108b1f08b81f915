import { describe, expect, it } from 'vitest'
import { fileLabel, inWatchOrder, nextEpisode } from '../../src-renderer/episodes.js'
import type { TorrentFileInfo } from '../../src-shared/contract.js'
import { episodeOf } from '../../src-shared/episode-code.js'

const video = (index: number, path: string): TorrentFileInfo => ({
  index,
  path,
  name: path.split('/').at(-1) ?? path,
  length: 1000,
  kind: 'video',
})

describe('episodes read from file names', () => {
  it('finds the season, the episode and the title, whatever the naming', () => {
    expect(episodeOf('Show/Show.Name.S01E02.The.Long.Night.1080p.WEB.x264-GRP.mkv')).toEqual({
      season: 1,
      episode: 2,
      title: 'The Long Night',
    })
    expect(episodeOf('show_s2e10_720p.mkv')).toEqual({ season: 2, episode: 10, title: null })
    expect(episodeOf('Show 3x07 Pilot.avi')).toEqual({ season: 3, episode: 7, title: 'Pilot' })
    expect(episodeOf('Film.2019.1080p.BluRay.mkv')).toBeNull()
  })

  it('labels episodes S01E02 · Title and keeps other paths', () => {
    expect(fileLabel(video(0, 'Pack/Show.S01E02.Title.Here.720p.mkv'))).toBe('S01E02 · Title Here')
    expect(fileLabel(video(1, 'Film/film.mp4'))).toBe('Film/film.mp4')
  })

  it('orders a season pack and knows the next episode, across seasons, and none after the last', () => {
    const pack = [
      video(0, 'P/Show.S02E01.mkv'),
      video(1, 'P/Show.S01E10.mkv'),
      video(2, 'P/Show.S01E02.mkv'),
      video(3, 'P/Show.S01E01.mkv'),
    ]
    expect(inWatchOrder(pack).map((f) => f.index)).toEqual([3, 2, 1, 0])
    expect(nextEpisode(pack, 3)?.index).toBe(2)
    expect(nextEpisode(pack, 1)?.index).toBe(0)
    expect(nextEpisode(pack, 0)).toBeNull()
    expect(nextEpisode([video(0, 'Film/a.mkv'), video(1, 'Film/b.mkv')], 0)).toBeNull()
  })
})
