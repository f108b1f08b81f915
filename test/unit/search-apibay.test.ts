import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { resolveTorrentId } from '../../src-main/engine/torrent-id.js'
import { ApibayProvider } from '../../src-main/services/search/apibay.js'
import type { ProviderSearchOptions } from '../../src-main/services/search/provider.js'
import { searchResultSchema } from '../../src-shared/contract.js'
import {
  apibayRoute,
  apibayRow,
  BLOCK_PAGE,
  type FakeSite,
  fixture,
  HANG,
  huge,
  json,
  searchFailure,
  startFakeSite,
  text,
} from '../helpers/search-servers.js'
import { until } from '../helpers/until.js'

const VIDEO: ProviderSearchOptions = { category: 'video', limit: 100 }
let site: FakeSite
let apibay: ApibayProvider

beforeAll(async () => {
  site = await startFakeSite(apibayRoute())
  apibay = new ApibayProvider({ baseUrl: `${site.url}/`, timeoutMs: 300 })
})

beforeEach(() => {
  site.route = apibayRoute()
  site.requests.length = 0
})

afterAll(async () => {
  await site.close()
})

describe('apibay results', () => {
  it('reads q.php rows (numbers as strings) into contract results with lowercase hashes and magnets', async () => {
    const results = await apibay.search('open movies', VIDEO)
    for (const result of results) expect(searchResultSchema.parse(result)).toEqual(result)
    expect(results.map((r) => r.name)).toEqual([
      'Big Buck Bunny (2008) 1080p BluRay x264',
      'Sintel (2010) 720p WEB',
      'Tears of Steel (2012) 2160p',
      'Elephants Dream S01E01 HDTV',
    ])
    const bunny = results[0]
    expect(bunny).toMatchObject({
      provider: 'apibay',
      infoHash: '3f1c5a7e9b2d4f6081a3c5e7092b4d6f8a1c3e50',
      size: 928_670_754,
      seeders: 1520,
      leechers: 37,
      added: '2024-03-01T00:00:00.000Z',
      uploaderStatus: 'vip',
      category: 'HD Movies',
      imdb: 'tt1254207',
    })
    expect(results.map((r) => [r.category, r.uploaderStatus, r.imdb])).toEqual([
      ['HD Movies', 'vip', 'tt1254207'],
      ['Movies', 'trusted', null],
      ['UHD Movies', 'member', null],
      ['HD TV', 'moderator', null],
    ])
  })

  it('builds magnets that the engine opens: same infohash, name and public trackers', async () => {
    const [bunny] = await apibay.search('bunny', VIDEO)
    const parsed = await resolveTorrentId(bunny?.magnet ?? '')
    expect(parsed.infoHash).toBe(bunny?.infoHash)
    expect(parsed.name).toBe('Big Buck Bunny (2008) 1080p BluRay x264')
    expect(parsed.announce).toContain('udp://tracker.opentrackr.org:1337/announce')
    expect(parsed.announce).toContain('udp://open.stealth.si:80/announce')
  })

  it('treats the "No results returned" placeholder row as nothing found', async () => {
    site.route = apibayRoute(fixture('apibay-no-results.json'))
    expect(await apibay.search('zzzz nothing', VIDEO)).toEqual([])
  })

  it('reads the top-100 shape, where numbers are JSON numbers', async () => {
    site.route = apibayRoute(fixture('apibay-top100.json'))
    const results = await apibay.search('open movies', VIDEO)
    expect(results.map((r) => [r.name, r.seeders, r.leechers, r.size, r.category, r.uploaderStatus])).toEqual(
      [
        ['Cosmos Laundromat (2015) 1080p', 4310, 215, 1_610_612_736, 'HD Movies', 'trusted'],
        ['Caminandes S01 Complete', 58, 3, 377_487_360, 'TV', 'helper'],
      ],
    )
    expect(results[0]?.added).toBe('2024-01-01T00:00:00.000Z')
  })

  it('passes hostile names through untouched and percent-encodes them in the magnet', async () => {
    const hostile = `<script>alert("x")</script> Tom & Jerry's "Best" 100% ünïcødé 映画 ?dn=evil&tr=udp://evil`
    site.route = apibayRoute([apibayRow({ name: hostile })])
    const [result] = await apibay.search('tom', VIDEO)
    expect(result?.name).toBe(hostile)
    const magnet = result?.magnet ?? ''
    const dn = /&dn=([^&]*)&/.exec(magnet)?.[1] ?? ''
    expect(decodeURIComponent(dn)).toBe(hostile)
    expect(magnet).not.toMatch(/[<>"' ()]/)
    expect(magnet).not.toContain('tr=udp://evil')
    const parsed = await resolveTorrentId(magnet)
    expect(parsed.name).toBe(hostile)
    expect(parsed.announce).not.toContain('udp://evil')
  })

  it('skips rows whose hash is malformed and keeps the rest', async () => {
    site.route = apibayRoute([
      apibayRow({ name: 'short', info_hash: 'ABC123' }),
      apibayRow({ name: 'not hex', info_hash: 'Z'.repeat(40) }),
      apibayRow({ name: 'missing', info_hash: undefined }),
      apibayRow({ name: 'fine' }),
      'not even an object',
    ])
    expect((await apibay.search('x', VIDEO)).map((r) => r.name)).toEqual(['fine'])
  })

  it('returns at most `limit` rows', async () => {
    expect(await apibay.search('x', { category: 'video', limit: 2 })).toHaveLength(2)
  })
})

describe('apibay categories', () => {
  it.each([
    ['movies', '201,207,211'],
    ['tv', '205,208,212'],
    ['video', '200'],
  ] as const)('asks q.php for %s with cat=%s', async (category, cat) => {
    await apibay.search('night of the living dead', { category, limit: 10 })
    const [request] = site.requests
    expect(request?.pathname).toBe('/q.php')
    expect(request?.searchParams.get('q')).toBe('night of the living dead')
    expect(request?.searchParams.get('cat')).toBe(cat)
  })

  it('sends no cat for all', async () => {
    await apibay.search('x', { category: 'all', limit: 10 })
    expect(site.requests[0]?.searchParams.has('cat')).toBe(false)
  })

  it('keeps other sections out of a video search even when a mirror ignores cat', async () => {
    site.route = apibayRoute([
      apibayRow({ name: 'an album', category: '101', info_hash: '1'.repeat(40) }),
      apibayRow({ name: 'a film', category: '207', info_hash: '2'.repeat(40) }),
      apibayRow({ name: 'a game', category: '401', info_hash: '3'.repeat(40) }),
      apibayRow({ name: 'a show', category: '205', info_hash: '4'.repeat(40) }),
    ])
    expect((await apibay.search('x', VIDEO)).map((r) => r.name)).toEqual(['a film', 'a show'])
    expect((await apibay.search('x', { category: 'movies', limit: 10 })).map((r) => r.name)).toEqual([
      'a film',
    ])
    expect((await apibay.search('x', { category: 'all', limit: 10 })).map((r) => r.category)).toEqual([
      'Audio',
      'HD Movies',
      'Games',
      'TV',
    ])
  })
})

describe('apibay failures', () => {
  it('says which status the site answered', async () => {
    site.route = () => text('Internal Server Error', 'text/plain', 500)
    expect((await searchFailure(apibay.search('x', VIDEO))).message).toBe('The Pirate Bay answered 500.')
  })

  it('recognises a web page instead of JSON', async () => {
    site.route = () => BLOCK_PAGE
    expect((await searchFailure(apibay.search('x', VIDEO))).message).toBe(
      'The Pirate Bay sent a web page instead of results.',
    )
  })

  it('recognises an HTML page even when it claims to be JSON', async () => {
    site.route = () => text('<html><body>maintenance</body></html>', 'application/json')
    expect((await searchFailure(apibay.search('x', VIDEO))).message).toContain('sent a web page')
  })

  it('rejects text that is not JSON, and JSON that is not a list of rows', async () => {
    site.route = () => text('{"rows": [', 'application/json')
    expect((await searchFailure(apibay.search('x', VIDEO))).message).toBe(
      'The Pirate Bay sent something that is not search results.',
    )
    site.route = () => json({ error: 'rate limited' })
    expect((await searchFailure(apibay.search('x', VIDEO))).message).toBe(
      'The Pirate Bay sent something that is not search results.',
    )
  })

  it('gives up on a site that never answers after the configured timeout', async () => {
    site.route = () => HANG
    const err = await searchFailure(apibay.search('x', VIDEO))
    // The deadline ended it (only then does the message name the timeout), and the request was
    // given up: its connection closed rather than left waiting.
    expect(err.message).toBe('The Pirate Bay did not answer within 0.3 s.')
    await until(() => site.inFlight === 0)
  })

  it.each([
    ['declares', true],
    ['streams without declaring', false],
  ])('refuses an answer over the 8 MiB cap when the site %s its size', async (_, declared) => {
    site.route = () => huge(20 * 1024 * 1024, declared)
    const slowEnough = new ApibayProvider({ baseUrl: site.url, timeoutMs: 10_000 })
    const err = await searchFailure(slowEnough.search('x', VIDEO))
    expect(err.message).toBe('The Pirate Bay sent more than 8.4 MB; the answer was ignored.')
  })

  it('says so when the site cannot be reached at all', async () => {
    const closed = await startFakeSite(apibayRoute())
    await closed.close()
    const gone = new ApibayProvider({ baseUrl: closed.url, timeoutMs: 1_000 })
    expect((await searchFailure(gone.search('x', VIDEO))).message).toBe(
      'The Pirate Bay could not be reached.',
    )
  })
})

describe('apibay file lists', () => {
  it('lists the files of a torrent by its apibay id', async () => {
    expect(await apibay.files('71234561')).toEqual([
      { name: 'Big Buck Bunny (2008) 1080p BluRay x264.mkv', size: 928_000_000 },
      { name: 'Big Buck Bunny (2008) 1080p BluRay x264.en.srt', size: 24_513 },
      { name: 'Read me.txt', size: 651 },
    ])
    expect(site.requests.at(-1)?.pathname).toBe('/f.php')
    expect(site.requests.at(-1)?.searchParams.get('id')).toBe('71234561')
  })

  it('answers [] for the "Filelist not found" placeholder and reads {"0": value} wrapping', async () => {
    site.route = () => json(fixture('apibay-files-not-found.json'))
    expect(await apibay.files('1')).toEqual([])
    site.route = () => json([{ name: { 0: 'film.mp4' }, size: { 0: '1234' } }])
    expect(await apibay.files('1')).toEqual([{ name: 'film.mp4', size: 1234 }])
  })
})
