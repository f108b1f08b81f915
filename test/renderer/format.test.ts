import { describe, expect, it } from 'vitest'
import {
  containerName,
  formatAge,
  formatBytes,
  formatCount,
  formatCountdown,
  formatDuration,
  formatPercent,
  formatSpeed,
  seedHealth,
} from '../../src-renderer/format.js'
import { classifyInput } from '../../src-renderer/input-kind.js'
import { downloadedFractions, resumeTarget, subtitleLanguage } from '../../src-renderer/media.js'
import { parseHash, type Route, routeToHash } from '../../src-renderer/store/routes.js'

const NOW = Date.UTC(2025, 0, 31, 12)
const MIN = 60_000

describe('human formats', () => {
  it('sizes and speeds in decimal units, as file managers show them', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(999)).toBe('999 B')
    expect(formatBytes(1500)).toBe('1.5 kB')
    expect(formatBytes(734_003_200)).toBe('734 MB')
    expect(formatBytes(1_450_000_000)).toBe('1.4 GB')
    expect(formatBytes(-1)).toBe('?')
    expect(formatSpeed(2_500_000)).toBe('2.5 MB/s')
  })

  it('counts with their noun, singular only for one', () => {
    expect(formatCount(1, 'peer')).toBe('1 peer')
    expect(formatCount(0, 'peer')).toBe('0 peers')
    expect(formatCount(12, 'seeder')).toBe('12 seeders')
  })

  it('durations as m:ss or h:mm:ss', () => {
    expect(formatDuration(0)).toBe('0:00')
    expect(formatDuration(75.9)).toBe('1:15')
    expect(formatDuration(3725)).toBe('1:02:05')
    expect(formatDuration(Number.NaN)).toBe('0:00')
  })

  it('percentages that reach 100% only when complete', () => {
    expect(formatPercent(0.4231)).toBe('42%')
    expect(formatPercent(0.9999)).toBe('99%')
    expect(formatPercent(1)).toBe('100%')
    expect(formatPercent(Number.NaN)).toBe('0%')
  })

  it('ages in words, from epoch ms or ISO dates', () => {
    expect(formatAge(NOW - 10_000, NOW)).toBe('just now')
    expect(formatAge(NOW - MIN, NOW)).toBe('1 minute ago')
    expect(formatAge(NOW - 5 * 60 * MIN, NOW)).toBe('5 hours ago')
    expect(formatAge(new Date(NOW - 3 * 24 * 60 * MIN).toISOString(), NOW)).toBe('3 days ago')
    expect(formatAge(NOW - 400 * 24 * 60 * MIN, NOW)).toBe('1 year ago')
    expect(formatAge(null, NOW)).toBe('unknown')
    expect(formatAge('not a date', NOW)).toBe('unknown')
  })

  it('countdowns to removal', () => {
    expect(formatCountdown(NOW + 45 * MIN, NOW)).toBe('in 45 min')
    expect(formatCountdown(NOW + 5 * 60 * MIN, NOW)).toBe('in 5 h')
    expect(formatCountdown(NOW + 72 * 60 * MIN, NOW)).toBe('in 3 days')
    expect(formatCountdown(NOW - MIN, NOW)).toBe('in under a minute')
  })

  it('seed health levels and container names', () => {
    expect([0, 1, 4, 5, 19, 20, 99, 100].map(seedHealth)).toEqual([0, 1, 1, 2, 2, 3, 3, 4])
    expect(containerName('Film.2020.mkv')).toBe('MKV')
    expect(containerName('README')).toBe('unknown format')
  })
})

describe('home input', () => {
  it('tells links and infohashes from searches', () => {
    const magnet = 'magnet:?xt=urn:btih:abc'
    expect(classifyInput(` ${magnet} `)).toEqual({ kind: 'torrent', torrentId: magnet })
    expect(classifyInput('A'.repeat(40))).toEqual({ kind: 'torrent', torrentId: 'a'.repeat(40) })
    expect(classifyInput('MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U')).toMatchObject({ kind: 'torrent' })
    expect(classifyInput('https://example.org/film.torrent')).toMatchObject({ kind: 'torrent' })
    expect(classifyInput('http://example.org/download?id=4')).toMatchObject({ kind: 'torrent' })
    expect(classifyInput('big buck bunny')).toEqual({ kind: 'search', query: 'big buck bunny' })
    expect(classifyInput('a'.repeat(39))).toMatchObject({ kind: 'search' })
    expect(classifyInput('   ')).toEqual({ kind: 'empty' })
  })
})

describe('routes', () => {
  it('round-trips every page through the hash', () => {
    const routes: Route[] = [
      { page: 'home' },
      { page: 'results', query: 'the thing & co?', category: 'video' },
      { page: 'results', query: 'x', category: 'movies' },
      { page: 'player', infoHash: 'a'.repeat(40), fileIndex: 3 },
      { page: 'player', infoHash: 'a'.repeat(40), fileIndex: null },
      { page: 'library' },
      { page: 'settings' },
    ]
    for (const route of routes) expect(parseHash(routeToHash(route))).toEqual(route)
  })

  it('sends anything it does not know home', () => {
    expect(parseHash('')).toEqual({ page: 'home' })
    expect(parseHash('#/nowhere')).toEqual({ page: 'home' })
    expect(parseHash('#/player/nothex')).toEqual({ page: 'home' })
    expect(parseHash('#/results?q=')).toEqual({ page: 'home' })
  })
})

describe('player helpers', () => {
  it('maps inclusive byte ranges to fractions of the file', () => {
    expect(
      downloadedFractions(
        [
          [0, 249],
          [500, 999],
        ],
        1000,
      ),
    ).toEqual([
      [0, 0.25],
      [0.5, 1],
    ])
    expect(downloadedFractions([[0, 10]], 0)).toEqual([])
  })

  it('resumes only between 10 s and 90%', () => {
    const at = (position: number, duration: number) => ({ fileIndex: 0, position, duration, at: 0 })
    expect(resumeTarget(undefined, 100)).toBeNull()
    expect(resumeTarget(at(9.9, 1000), 1000)).toBeNull()
    expect(resumeTarget(at(10, 1000), 1000)).toBe(10)
    expect(resumeTarget(at(899, 1000), 1000)).toBe(899)
    expect(resumeTarget(at(900, 1000), 1000)).toBeNull()
    expect(resumeTarget(at(500, 1000), Number.NaN)).toBe(500)
  })

  it('guesses a subtitle language from its file name', () => {
    expect(subtitleLanguage('Film.en.srt')).toBe('en')
    expect(subtitleLanguage('Film.fre.forced.srt')).toBe('fre')
    expect(subtitleLanguage('Film.srt')).toBe('und')
  })
})
