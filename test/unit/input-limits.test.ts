import { describe, expect, it } from 'vitest'
import { isLinkOrInfoHash } from '../../src-main/host/host-api.js'
import { requestSchemas } from '../../src-shared/contract.js'

// What a page (or anything speaking the Api) may send is bounded before any work starts.

describe('input limits at the Api', () => {
  it('takes search words of 1 to 200 characters, trimmed', () => {
    expect(requestSchemas.search.safeParse({ query: '  night of the living dead ' }).data?.query).toBe(
      'night of the living dead',
    )
    expect(requestSchemas.search.safeParse({ query: '   ' }).success).toBe(false)
    expect(requestSchemas.search.safeParse({ query: 'x'.repeat(201) }).success).toBe(false)
    expect(requestSchemas.search.safeParse({ query: 'film', limit: 10_000 }).success).toBe(false)
  })

  it('takes torrent links of bounded length, and from a page only known kinds', () => {
    expect(requestSchemas['wt-add'].safeParse({ torrentId: 'm'.repeat(16_385) }).success).toBe(false)
    expect(isLinkOrInfoHash(`magnet:?xt=urn:btih:${'a'.repeat(40)}`)).toBe(true)
    expect(isLinkOrInfoHash('a'.repeat(40))).toBe(true)
    expect(isLinkOrInfoHash('https://example.org/film.torrent')).toBe(true)
    for (const other of [
      '/etc/passwd',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'ftp://host/x.torrent',
      '../x.torrent',
    ])
      expect(isLinkOrInfoHash(other)).toBe(false)
  })

  it('bounds playback positions and settings', () => {
    expect(
      requestSchemas['player-position'].safeParse({
        infoHash: 'a'.repeat(40),
        fileIndex: 0,
        position: -1,
        duration: 10,
      }).success,
    ).toBe(false)
    expect(requestSchemas['settings-set'].safeParse({ retentionHours: 0 }).success).toBe(false)
    expect(requestSchemas['settings-set'].safeParse({ apibayUrl: 'file:///etc/passwd' }).success).toBe(false)
    // A folder or a program is picked in the computer's own dialog (settings-choose), never named.
    expect(requestSchemas['settings-set'].safeParse({ downloadDir: '/home/me/Films' }).success).toBe(false)
    expect(requestSchemas['settings-set'].safeParse({ externalPlayerPath: '/tmp/vlc' }).success).toBe(false)
    expect(requestSchemas['settings-choose'].safeParse({ setting: 'apibayUrl' }).success).toBe(false)
  })
})
