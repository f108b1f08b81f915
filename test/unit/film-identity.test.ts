import { describe, expect, it } from 'vitest'
import { filmIdentity, groupByFilm } from '../../src-shared/film-identity.js'

describe('which film a release is', () => {
  it('reads the title and year from release names', () => {
    expect(filmIdentity('Night.of.the.Living.Dead.1968.1080p.BluRay.x264', null)).toEqual({
      key: 'night of the living dead|1968',
      title: 'Night of the Living Dead',
      year: 1968,
      imdb: null,
    })
    expect(filmIdentity('Big Buck Bunny (2008) 1080p', 'tt1254207')).toMatchObject({
      key: 'tt1254207',
      title: 'Big Buck Bunny',
      year: 2008,
    })
    expect(filmIdentity('Some Home Video 1080p', null)).toBeNull()
    expect(filmIdentity('2001.A.Space.Odyssey.1968.720p', null)).toMatchObject({
      title: '2001 A Space Odyssey',
      year: 1968,
    })
  })

  it('groups copies of one film, by IMDb id or by title and year, and leaves the rest alone', () => {
    const results = [
      { name: 'Big.Buck.Bunny.2008.1080p.BluRay', imdb: 'tt1254207' },
      { name: 'Sintel 2010 720p', imdb: null },
      { name: 'Big Buck Bunny (2008) 720p WEB', imdb: null },
      { name: 'random clip', imdb: null },
      { name: 'BIG BUCK BUNNY 2008 2160p', imdb: 'tt1254207' },
    ]
    const groups = groupByFilm(results)
    expect(groups.map((g) => [g.identity?.title ?? null, g.items.length])).toEqual([
      ['Big Buck Bunny', 3],
      ['Sintel', 1],
      [null, 1],
    ])
    expect(groups[0]?.identity?.imdb).toBe('tt1254207')
  })
})
