import { describe, expect, it } from 'vitest'
import { contentType, defaultFileIndex, fileKind } from '../../src-main/engine/media-kinds.js'

const VIDEO_EXTENSIONS = ['mp4', 'm4v', 'mkv', 'webm', 'mov', 'avi', 'ts', 'm2ts', 'mpg', 'wmv', 'ogv']

describe('fileKind', () => {
  it.each(VIDEO_EXTENSIONS)('calls .%s a video, whatever the case', (ext) => {
    expect(fileKind(`The.Film.2020.${ext}`)).toBe('video')
    expect(fileKind(`The.Film.2020.${ext.toUpperCase()}`)).toBe('video')
  })

  it.each(['srt', 'vtt', 'ass'])('calls .%s a subtitle, whatever the case', (ext) => {
    expect(fileKind(`The.Film.2020.en.${ext}`)).toBe('subtitle')
    expect(fileKind(`The.Film.2020.en.${ext.toUpperCase()}`)).toBe('subtitle')
  })

  it.each(['Film.nfo', 'readme.txt', 'README', 'film.mp4.part', 'disc.iso', 'archive.rar', 'mp4'])(
    'calls %s something else',
    (name) => {
      expect(fileKind(name)).toBe('other')
    },
  )
})

describe('contentType', () => {
  it('serves each container with its own type', () => {
    expect(contentType('film.mp4')).toBe('video/mp4')
    expect(contentType('film.M4V')).toBe('video/mp4')
    expect(contentType('film.mkv')).toBe('video/x-matroska')
    expect(contentType('film.webm')).toBe('video/webm')
  })

  it('serves .srt and .vtt as WebVTT, which is what browsers read', () => {
    expect(contentType('film.srt')).toBe('text/vtt')
    expect(contentType('film.SRT')).toBe('text/vtt')
    expect(contentType('film.vtt')).toBe('text/vtt')
  })

  it('serves anything unknown as bytes', () => {
    expect(contentType('film.nfo')).toBe('application/octet-stream')
    expect(contentType('README')).toBe('application/octet-stream')
  })
})

describe('defaultFileIndex', () => {
  it('picks the largest video even when a sample is listed first', () => {
    const files = [
      { index: 0, name: 'Sample.mkv', length: 40_000_000 },
      { index: 1, name: 'Film.nfo', length: 2_000 },
      { index: 2, name: 'Film.mkv', length: 4_000_000_000 },
      { index: 3, name: 'Film.srt', length: 90_000 },
    ]
    expect(defaultFileIndex(files)).toBe(2)
  })

  it('ignores bigger files that are not videos', () => {
    const files = [
      { index: 0, name: 'Film.iso', length: 8_000_000_000 },
      { index: 1, name: 'Film.rar', length: 7_000_000_000 },
      { index: 2, name: 'Film.mp4', length: 1_500_000_000 },
      { index: 3, name: 'Trailer.mp4', length: 30_000_000 },
    ]
    expect(defaultFileIndex(files)).toBe(2)
  })

  it('prefers a container a browser can play when two videos are the same size', () => {
    const files = [
      { index: 0, name: 'Film.avi', length: 700_000_000 },
      { index: 1, name: 'Film.mp4', length: 700_000_000 },
    ]
    expect(defaultFileIndex(files)).toBe(1)
  })

  it('returns null when there is no video', () => {
    const files = [
      { index: 0, name: 'Album.flac', length: 300_000_000 },
      { index: 1, name: 'cover.jpg', length: 200_000 },
      { index: 2, name: 'lyrics.srt', length: 3_000 },
    ]
    expect(defaultFileIndex(files)).toBeNull()
    expect(defaultFileIndex([])).toBeNull()
  })
})
