import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { FilmInfoService } from '../../src-main/host/film-info.js'
import {
  bytes,
  type FakeSite,
  redirect,
  startFakeSite,
  text,
  wikidataRoute,
} from '../helpers/search-servers.js'

// A 1x1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

let site: FakeSite
beforeAll(async () => {
  site = await startFakeSite(() => text('', 'text/plain', 404))
})
afterAll(() => site.close())
beforeEach(() => {
  site.requests.length = 0
})

const NIGHT = 'tt0063350'

describe('what a film is, from Wikidata', () => {
  it('answers the title, year, description and a small poster as a data: URL, once per film', async () => {
    site.route = wikidataRoute(
      {
        [NIGHT]: {
          label: 'Night of the Living Dead',
          description: '1968 film by George A. Romero',
          date: '1968-10-01T00:00:00Z',
          poster: `${site.url}/poster/Night.png`,
        },
      },
      bytes(PNG, 'image/png'),
    )
    const films = new FilmInfoService({ wikidataUrl: site.url })
    const film = await films.lookup(NIGHT)
    expect(film).toEqual({
      imdb: NIGHT,
      title: 'Night of the Living Dead',
      year: 1968,
      description: '1968 film by George A. Romero',
      poster: `data:image/png;base64,${PNG.toString('base64')}`,
    })
    expect(site.requests.find((u) => u.pathname.startsWith('/poster/'))?.searchParams.get('width')).toBe(
      '240',
    )
    await films.lookup(NIGHT)
    expect(site.requests.filter((u) => u.pathname === '/sparql')).toHaveLength(1)
  })

  it('answers null for a film it does not know, a source that fails, or a query it would not send', async () => {
    site.route = wikidataRoute({})
    const films = new FilmInfoService({ wikidataUrl: site.url, timeoutMs: 500 })
    expect(await films.lookup('tt0000001')).toBeNull()
    site.route = () => text('<html>Too many requests</html>', 'text/html', 429)
    expect(await films.lookup('tt0000002')).toBeNull()
    const asked = site.requests.length
    expect(await films.lookup('tt1" } SELECT')).toBeNull()
    expect(site.requests.length).toBe(asked)
  })

  it('keeps the film but not a poster that is no image, too big, or from anywhere else', async () => {
    for (const [poster, reply] of [
      [`${site.url}/poster/page.html`, text('<script>alert(1)</script>', 'text/html')],
      [`${site.url}/poster/huge.png`, bytes(Buffer.alloc(2 * 1024 * 1024), 'image/png')],
      ['https://attacker.example/poster.png', bytes(PNG, 'image/png')],
      [`${site.url}/poster/vector.svg`, text('<svg xmlns="http://www.w3.org/2000/svg"/>', 'image/svg+xml')],
    ] as const) {
      site.route = wikidataRoute({ [NIGHT]: { label: 'Night of the Living Dead', poster } }, reply)
      const film = await new FilmInfoService({ wikidataUrl: site.url }).lookup(NIGHT)
      expect(film?.title).toBe('Night of the Living Dead')
      expect(film?.poster, poster).toBeNull()
    }
  })

  it('follows a redirect to a picture only where a picture may come from', async () => {
    const elsewhere = await startFakeSite(() => bytes(PNG, 'image/png'))
    try {
      const lookup = async (movedTo: string): Promise<string | null | undefined> => {
        const answer = wikidataRoute({
          [NIGHT]: { label: 'Night of the Living Dead', poster: `${site.url}/poster/moved.png` },
        })
        site.route = (url) => {
          if (url.pathname === '/poster/moved.png') return redirect(movedTo)
          if (url.pathname === '/file/Night.png') return bytes(PNG, 'image/png')
          return answer(url)
        }
        return (await new FilmInfoService({ wikidataUrl: site.url }).lookup(NIGHT))?.poster
      }
      expect(await lookup(`${site.url}/file/Night.png`)).toBe(
        `data:image/png;base64,${PNG.toString('base64')}`,
      )
      expect(await lookup(`${elsewhere.url}/file/Night.png`)).toBeNull()
      expect(elsewhere.requests).toHaveLength(0)
    } finally {
      await elsewhere.close()
    }
  })
})
