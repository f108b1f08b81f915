import { describe, expect, it } from 'vitest'
import { subtitleFileLabels } from '../../src-renderer/playback/subtitle-labels.js'

const tracks = (...names: string[]) => names.map((name, index) => ({ index, name, url: `/s/${index}` }))

describe('subtitle files named for people', () => {
  it('reads the language from a code or a word in the name, and numbers the same language twice', () => {
    const labels = subtitleFileLabels(
      tracks(
        'Film.en.srt',
        'Film.fre.srt',
        '2_English.srt',
        'Film.en.forced.srt',
        'Film_HD.srt',
        'notes.srt',
      ),
    )
    expect([...labels.values()]).toEqual([
      'English 1',
      'French',
      'English 2',
      'English (forced)',
      'Film_HD.srt',
      'notes.srt',
    ])
  })
})
