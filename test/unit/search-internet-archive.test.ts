import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { resolveTorrentId } from '../../src-main/engine/torrent-id.js'
import { InternetArchiveProvider } from '../../src-main/services/search/internet-archive.js'
import type { ProviderSearchOptions } from '../../src-main/services/search/provider.js'
import { searchResultSchema } from '../../src-shared/contract.js'
import {
  archiveRoute,
  archiveSearchAnswer,
  BLOCK_PAGE,
  type FakeSite,
  HANG,
  json,
  searchFailure,
  startFakeSite,
  text,
} from '../helpers/search-servers.js'
import { until } from '../helpers/until.js'

const VIDEO: ProviderSearchOptions = { category: 'video', limit: 50 }
let site: FakeSite
let archive: InternetArchiveProvider

beforeAll(async () => {
  site = await startFakeSite(archiveRoute())
  archive = new InternetArchiveProvider({ baseUrl: site.url, timeoutMs: 300 })
})

beforeEach(() => {
  site.route = archiveRoute()
  site.requests.length = 0
  site.maxInFlight = 0
})

afterAll(async () => {
  await site.close()
})

function hashOf(n: number): string {
  return n.toString(16).padStart(40, '0')
}

describe('Internet Archive results', () => {
  it('searches films by title, most downloaded first, asking for the infohash field', async () => {
    await archive.search('Night of the Living Dead', { category: 'video', limit: 7 })
    const search = site.requests[0]
    expect(search?.pathname).toBe('/advancedsearch.php')
    expect(search?.searchParams.get('q')).toBe('title:(Night of the Living Dead) AND mediatype:(movies)')
    expect(search?.searchParams.getAll('fl[]')).toEqual([
      'identifier',
      'title',
      'item_size',
      'downloads',
      'publicdate',
      'btih',
    ])
    expect(search?.searchParams.get('sort[]')).toBe('downloads desc')
    expect(search?.searchParams.get('rows')).toBe('7')
    expect(search?.searchParams.get('output')).toBe('json')
  })

  it('reads items into contract results, taking a missing infohash from the item metadata', async () => {
    const results = await archive.search('night of the living dead', VIDEO)
    for (const result of results) expect(searchResultSchema.parse(result)).toEqual(result)
    expect(results.map((r) => [r.name, r.infoHash, r.size, r.added])).toEqual([
      [
        'Night of the Living Dead (1968)',
        '8e6bafc2407c9eb5d6f8b0c2547a9c1e3f6b8da5',
        5_003_733_941,
        '2007-04-23T23:34:45.000Z',
      ],
      [
        'Night of the Living Dead (colorized)',
        '9e3f1a7c2b5d8e0f4a6c1b3d5e7f9a0b2c4d6e8f',
        1_421_873_152,
        '2012-10-31T08:15:00.000Z',
      ],
    ])
    // The trailer has no hash anywhere (its metadata answers [], an unknown item): left out.
    expect(site.requests.map((r) => r.pathname)).toEqual(
      expect.arrayContaining(['/metadata/NightOfTheLivingDeadColorized', '/metadata/notld_trailer_1968']),
    )
    expect(results.every((r) => r.provider === 'internet-archive' && r.category === 'Video')).toBe(true)
    expect(results.every((r) => r.seeders === 1 && r.leechers === 0 && r.uploaderStatus === 'unknown')).toBe(
      true,
    )
  })

  it('builds magnets with the archive trackers and its web seed, which the engine opens', async () => {
    const [film] = await archive.search('night of the living dead', VIDEO)
    const parsed = await resolveTorrentId(film?.magnet ?? '')
    expect(parsed.infoHash).toBe('8e6bafc2407c9eb5d6f8b0c2547a9c1e3f6b8da5')
    expect(parsed.name).toBe('Night of the Living Dead (1968)')
    expect(parsed.announce).toEqual([
      'http://bt1.archive.org:6969/announce',
      'http://bt2.archive.org:6969/announce',
    ])
    expect(parsed.urlList).toEqual([`${site.url}/download/`])
  })

  it('skips an item whose metadata fails and keeps the others', async () => {
    const docs = [
      { identifier: 'has_hash', title: 'Has Hash', btih: hashOf(1) },
      { identifier: 'broken_meta', title: 'Broken Metadata' },
      { identifier: 'slow_meta', title: 'Slow Metadata' },
    ]
    const normal = archiveRoute(archiveSearchAnswer(docs))
    site.route = (url) => {
      if (url.pathname === '/metadata/broken_meta') return text('Bad Gateway', 'text/plain', 502)
      if (url.pathname === '/metadata/slow_meta') return HANG
      return normal(url)
    }
    expect((await archive.search('x', VIDEO)).map((r) => r.name)).toEqual(['Has Hash'])
    // Both were asked, and the silent one was given up (its connection closed), not left open.
    expect(site.requests.map((r) => r.pathname)).toEqual(
      expect.arrayContaining(['/metadata/broken_meta', '/metadata/slow_meta']),
    )
    await until(() => site.inFlight === 0)
  })

  it('looks metadata up for at most `limit` items, 4 at a time', async () => {
    const docs = Array.from({ length: 30 }, (_, i) => ({ identifier: `film_${i}`, title: `Film ${i}` }))
    const metadata = Object.fromEntries(
      docs.map((doc, i) => [
        doc.identifier,
        {
          files: [
            { name: `${doc.identifier}_archive.torrent`, format: 'Archive BitTorrent', btih: hashOf(i + 1) },
          ],
        },
      ]),
    )
    const normal = archiveRoute(archiveSearchAnswer(docs), metadata)
    site.route = (url) => {
      const reply = normal(url)
      return url.pathname.startsWith('/metadata/') && reply.kind === 'body'
        ? { ...reply, delayMs: 20 }
        : reply
    }
    const results = await archive.search('film', { category: 'video', limit: 10 })
    expect(results.map((r) => r.name)).toEqual(docs.slice(0, 10).map((d) => d.title))
    expect(site.requests.filter((r) => r.pathname.startsWith('/metadata/'))).toHaveLength(10)
    expect(site.maxInFlight).toBeLessThanOrEqual(4)
  })

  it('gives all metadata lookups together one timeout, not one per round', async () => {
    const docs = [
      { identifier: 'with_hash', title: 'With Hash', btih: hashOf(1) },
      ...Array.from({ length: 16 }, (_, i) => ({ identifier: `silent_${i}`, title: `Silent ${i}` })),
    ]
    const normal = archiveRoute(archiveSearchAnswer(docs))
    site.route = (url) => (url.pathname.startsWith('/metadata/') ? HANG : normal(url))
    expect((await archive.search('x', { category: 'video', limit: 17 })).map((r) => r.name)).toEqual([
      'With Hash',
    ])
    // One deadline for the phase: when it ends, the four lookups in flight are abandoned and the
    // twelve still queued are never sent. A deadline per lookup would send all sixteen, in four
    // rounds of four.
    const lookups = site.requests.filter((r) => r.pathname.startsWith('/metadata/'))
    expect(lookups.length).toBeGreaterThan(0)
    expect(lookups.length).toBeLessThanOrEqual(4)
  })

  it('strips query syntax so a title cannot change the search', async () => {
    await archive.search('M*A*S*H: (1970) OR mediatype:texts -"x"', VIDEO)
    expect(site.requests[0]?.searchParams.get('q')).toBe(
      'title:(M A S H 1970 or mediatype texts x) AND mediatype:(movies)',
    )
  })

  it('scopes TV to the television collections and movies away from them', async () => {
    await archive.search('lucy', { category: 'tv', limit: 5 })
    await archive.search('lucy', { category: 'movies', limit: 5 })
    const searches = site.requests.filter((r) => r.pathname === '/advancedsearch.php')
    expect(searches.map((r) => r.searchParams.get('q'))).toEqual([
      'title:(lucy) AND mediatype:(movies) AND collection:(classic_tv OR television)',
      'title:(lucy) AND mediatype:(movies) AND NOT collection:(classic_tv OR television)',
    ])
  })

  it('skips docs with unusable identifiers and falls back to the identifier as the name', async () => {
    site.route = archiveRoute(
      archiveSearchAnswer([
        { identifier: '../../etc/passwd', title: 'Traversal', btih: hashOf(1) },
        { identifier: 'untitled_reel', btih: hashOf(2) },
      ]),
    )
    expect((await archive.search('x', VIDEO)).map((r) => r.name)).toEqual(['untitled_reel'])
  })
})

describe('Internet Archive failures', () => {
  it('reports an error answer sent with status 200', async () => {
    site.route = () => json({ error: '[DEEP_PAGING] too deep' })
    expect((await searchFailure(archive.search('x', VIDEO))).message).toBe(
      'The Internet Archive sent something that is not search results.',
    )
  })

  it('reports 5xx, web pages and silence with the source named', async () => {
    site.route = () => text('Service Unavailable', 'text/plain', 503)
    expect((await searchFailure(archive.search('x', VIDEO))).message).toBe(
      'The Internet Archive answered 503.',
    )
    site.route = () => BLOCK_PAGE
    expect((await searchFailure(archive.search('x', VIDEO))).message).toBe(
      'The Internet Archive sent a web page instead of results.',
    )
    site.route = () => HANG
    expect((await searchFailure(archive.search('x', VIDEO))).message).toBe(
      'The Internet Archive did not answer within 0.3 s.',
    )
  })

  it('sends nothing for a query with no words left', async () => {
    expect(await archive.search('*:()', VIDEO)).toEqual([])
    expect(site.requests).toHaveLength(0)
  })
})
