import { describe, expect, it } from 'vitest'
import { subtitlesFor } from '../../src-main/engine/subtitle-match.js'
import type { TorrentFileInfo } from '../../src-shared/contract.js'

function files(...paths: string[]): TorrentFileInfo[] {
  return paths.map((path, index) => {
    const name = path.split('/').at(-1) ?? path
    const kind = /\.(mkv|mp4|avi)$/.test(name) ? 'video' : /\.(srt|vtt)$/.test(name) ? 'subtitle' : 'other'
    return { index, path, name, length: 1000, kind }
  })
}

const names = (found: TorrentFileInfo[]) => found.map((f) => f.path)

describe('which subtitle files belong to a video', () => {
  it('gives a lone video every subtitle file of the torrent', () => {
    const film = files('Film/Film.2019.mkv', 'Film/English.srt', 'Film/Subs/fr.srt', 'Film/Sample/sample.txt')
    expect(names(subtitlesFor(film[0] as TorrentFileInfo, film))).toEqual([
      'Film/English.srt',
      'Film/Subs/fr.srt',
    ])
  })

  it("gives each episode of a season pack its own subtitles, never another episode's", () => {
    const pack = files(
      'Show/Show.S01E01.mkv',
      'Show/Show.S01E02.mkv',
      'Show/Show.S01E01.en.srt',
      'Show/Show.S01E01.fr.srt',
      'Show/Show.S01E02.en.srt',
      'Show/Subs/Show.S01E02/2_English.srt',
      'Show/Subs/show.s01e02.forced.srt',
      'Show/Extras/commentary.srt',
    )
    const [first, second] = pack
    expect(names(subtitlesFor(first as TorrentFileInfo, pack))).toEqual([
      'Show/Show.S01E01.en.srt',
      'Show/Show.S01E01.fr.srt',
    ])
    expect(names(subtitlesFor(second as TorrentFileInfo, pack))).toEqual([
      'Show/Show.S01E02.en.srt',
      'Show/Subs/Show.S01E02/2_English.srt',
      'Show/Subs/show.s01e02.forced.srt',
    ])
  })

  it('matches by name when there are no episode codes', () => {
    const two = files('Films/Alpha.mkv', 'Films/Beta.mkv', 'Films/Alpha.srt', 'Films/Beta.eng.srt')
    expect(names(subtitlesFor(two[1] as TorrentFileInfo, two))).toEqual(['Films/Beta.eng.srt'])
  })

  it('reads an episode code written either way (S01E02, 1x02)', () => {
    const pack = files(
      'Show/Show.1x01.Pilot.mkv',
      'Show/Show.1x02.The.Second.mkv',
      'Show/subs/Show.S01E02.English.srt',
      'Show/subs/Show.S01E01.English.srt',
    )
    expect(names(subtitlesFor(pack[1] as TorrentFileInfo, pack))).toEqual([
      'Show/subs/Show.S01E02.English.srt',
    ])
  })
})
