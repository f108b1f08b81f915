import { describe, expect, it } from 'vitest'
import { matchesResolution, releaseQuality } from '../../src-shared/release-name.js'

describe('what a release name says about the copy', () => {
  it.each([
    ['Big.Buck.Bunny.2008.1080p.BluRay.x264.DTS-HD.MA.5.1-GRP', ['1080p', 'BluRay', 'H.264', 'DTS']],
    ['Sintel (2010) 2160p WEB-DL DDP5.1 HEVC', ['2160p', 'WEB', 'HEVC', 'DD+']],
    ['Tears.of.Steel.720p.HDTV.H.264.AAC2.0', ['720p', 'HDTV', 'H.264', 'AAC']],
    ['Old Film 1968 DVDRip XviD MP3', [null, 'DVD', 'XviD', 'MP3']],
    ['New.Film.2024.HDCAM.x264.AC3', [null, 'CAM', 'H.264', 'DD']],
    ['Night of the Living Dead (1968)', [null, null, null, null]],
  ])('%s', (name, [resolution, source, video, audio]) => {
    expect(releaseQuality(name)).toEqual({ resolution, source, video, audio })
  })

  it('filters by resolution, with 480p and below as SD', () => {
    const sd = releaseQuality('Film.480p.WEB')
    expect(matchesResolution(sd, 'sd')).toBe(true)
    expect(matchesResolution(sd, '720p')).toBe(false)
    expect(matchesResolution(releaseQuality('Film'), 'all')).toBe(true)
    expect(matchesResolution(releaseQuality('Film'), '1080p')).toBe(false)
  })
})
