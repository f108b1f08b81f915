import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createProviders, searchAll } from '../../src-main/services/search/index.js'
import { mergeResults } from '../../src-main/services/search/search-service.js'
import type { SearchResult } from '../../src-shared/contract.js'
import {
  apibayRoute,
  apibayRow,
  archiveRoute,
  archiveSearchAnswer,
  type FakeSite,
  HANG,
  startFakeSite,
  text,
} from '../helpers/search-servers.js'
import { until } from '../helpers/until.js'

const SHARED_HASH = 'aa'.repeat(20)
let apibaySite: FakeSite
let archiveSite: FakeSite

function localProviders(timeoutMs = 300) {
  return createProviders({
    env: { PEERWATCH_APIBAY_URL: apibaySite.url, PEERWATCH_ARCHIVE_URL: archiveSite.url },
    timeoutMs,
  })
}

beforeAll(async () => {
  apibaySite = await startFakeSite(apibayRoute())
  archiveSite = await startFakeSite(archiveRoute())
})

beforeEach(() => {
  apibaySite.route = apibayRoute()
  archiveSite.route = archiveRoute()
  apibaySite.requests.length = 0
  archiveSite.requests.length = 0
})

afterAll(async () => {
  await Promise.all([apibaySite.close(), archiveSite.close()])
})

describe('searchAll', () => {
  it('merges both sources, one row per infohash, most seeders first', async () => {
    apibaySite.route = apibayRoute([
      apibayRow({ name: 'Popular rip', info_hash: 'BB'.repeat(20), seeders: '250' }),
      apibayRow({ name: 'Same film, listed on TPB', info_hash: SHARED_HASH.toUpperCase(), seeders: '0' }),
      apibayRow({ name: 'Rare rip', info_hash: 'CC'.repeat(20), seeders: '0' }),
    ])
    archiveSite.route = archiveRoute(
      archiveSearchAnswer([
        { identifier: 'same_film', title: 'Same film, on the archive', btih: SHARED_HASH },
        { identifier: 'other_film', title: 'Other film', btih: 'dd'.repeat(20) },
      ]),
    )
    const { results, failures } = await searchAll('film', {}, localProviders())
    expect(failures).toEqual([])
    expect(results.map((r) => [r.name, r.provider, r.seeders])).toEqual([
      ['Popular rip', 'apibay', 250],
      ['Same film, on the archive', 'internet-archive', 1],
      ['Other film', 'internet-archive', 1],
      ['Rare rip', 'apibay', 0],
    ])
  })

  it('reports a failing source beside the results of the other', async () => {
    apibaySite.route = () => text('Internal Server Error', 'text/plain', 500)
    const { results, failures } = await searchAll('night of the living dead', {}, localProviders())
    expect(results.map((r) => r.name)).toEqual([
      'Night of the Living Dead (1968)',
      'Night of the Living Dead (colorized)',
    ])
    expect(failures).toEqual([
      { provider: 'apibay', code: 'SEARCH_FAILED', message: 'The Pirate Bay answered 500.' },
    ])
  })

  it('does not wait for a source that hangs beyond its timeout', async () => {
    archiveSite.route = () => HANG
    const { results, failures } = await searchAll('open movies', {}, localProviders())
    // The hanging source was given up at its deadline (the failure names it), its connection
    // closed, and the other's results came with it.
    await until(() => archiveSite.inFlight === 0)
    expect(results.length).toBe(4)
    expect(failures).toEqual([
      {
        provider: 'internet-archive',
        code: 'SEARCH_FAILED',
        message: 'The Internet Archive did not answer within 0.3 s.',
      },
    ])
  })

  it('answers with two failures and no results when both sources fail', async () => {
    apibaySite.route = () => HANG
    archiveSite.route = () => text('Bad Gateway', 'text/plain', 502)
    const outcome = await searchAll('x', {}, localProviders())
    expect(outcome).toEqual({
      results: [],
      failures: [
        { provider: 'apibay', code: 'SEARCH_FAILED', message: 'The Pirate Bay did not answer within 0.3 s.' },
        {
          provider: 'internet-archive',
          code: 'SEARCH_FAILED',
          message: 'The Internet Archive answered 502.',
        },
      ],
    })
  })

  it('keeps the merged answer to `limit` rows and asks each source for no more', async () => {
    const { results } = await searchAll('x', { limit: 3 }, localProviders())
    expect(results).toHaveLength(3)
    expect(archiveSite.requests[0]?.searchParams.get('rows')).toBe('3')
  })

  it('passes the category to the sources (video by default)', async () => {
    await searchAll('x', {}, localProviders())
    await searchAll('x', { category: 'tv' }, localProviders())
    expect(apibaySite.requests.map((r) => r.searchParams.get('cat'))).toEqual(['200', '205,208,212'])
  })
})

describe('createProviders', () => {
  it('uses the saved apibay address unless PEERWATCH_APIBAY_URL overrides it', async () => {
    const other = await startFakeSite(apibayRoute())
    try {
      const env = { PEERWATCH_ARCHIVE_URL: archiveSite.url }
      await searchAll('x', {}, createProviders({ apibayUrl: other.url, env, timeoutMs: 300 }))
      expect(other.requests).toHaveLength(1)
      expect(apibaySite.requests).toHaveLength(0)
      await searchAll(
        'x',
        {},
        createProviders({ apibayUrl: other.url, env: { ...env, PEERWATCH_APIBAY_URL: apibaySite.url } }),
      )
      expect(other.requests).toHaveLength(1)
      expect(apibaySite.requests).toHaveLength(1)
    } finally {
      await other.close()
    }
  })

  it('takes the timeout from PEERWATCH_SEARCH_TIMEOUT_MS when none is given', async () => {
    apibaySite.route = () => HANG
    const env = {
      PEERWATCH_APIBAY_URL: apibaySite.url,
      PEERWATCH_ARCHIVE_URL: archiveSite.url,
      PEERWATCH_SEARCH_TIMEOUT_MS: '400',
    }
    const { failures } = await searchAll('x', {}, createProviders({ env }))
    expect(failures[0]?.message).toBe('The Pirate Bay did not answer within 0.4 s.')
  })
})

describe('mergeResults', () => {
  const row = (provider: string, infoHash: string, seeders: number): SearchResult => ({
    provider,
    name: `${provider} ${seeders}`,
    infoHash,
    magnet: `magnet:?xt=urn:btih:${infoHash}`,
    size: 1,
    seeders,
    leechers: 0,
    added: null,
    uploaderStatus: 'unknown',
    category: 'Video',
    imdb: null,
  })

  it('keeps the row with the most seeders, and the first source on a tie', () => {
    const merged = mergeResults([
      [row('a', SHARED_HASH, 5), row('a', 'bb'.repeat(20), 3)],
      [row('b', SHARED_HASH, 9), row('b', 'bb'.repeat(20), 3)],
    ])
    expect(merged.map((r) => r.name)).toEqual(['b 9', 'a 3'])
  })
})
