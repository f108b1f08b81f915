import { describe, expect, it } from 'vitest'
import {
  FOCUS_SEARCH_HASH,
  playerHash,
  SETTINGS_HASH,
  urlWithHash,
} from '../../src-main/app/app-navigation.js'
import { FOCUS_SEARCH_HASH as RENDERER_FOCUS_HASH } from '../../src-renderer/hooks/use-focus-request.js'
import { parseHash } from '../../src-renderer/store/routes.js'

const HASH = 'd'.repeat(40)

describe('main-process navigation', () => {
  it('names routes the renderer understands', () => {
    expect(parseHash(playerHash(HASH))).toEqual({ page: 'player', infoHash: HASH, fileIndex: null })
    expect(parseHash(SETTINGS_HASH)).toEqual({ page: 'settings' })
    expect(parseHash(FOCUS_SEARCH_HASH)).toEqual({ page: 'home' })
    expect(FOCUS_SEARCH_HASH).toBe(RENDERER_FOCUS_HASH)
  })

  it('changes only the hash of the page URL', () => {
    expect(urlWithHash('app://peerwatch/index.html#/library', SETTINGS_HASH)).toBe(
      'app://peerwatch/index.html#/settings',
    )
    expect(urlWithHash('app://peerwatch/index.html', playerHash(HASH))).toBe(
      `app://peerwatch/index.html#/player/${HASH}`,
    )
    expect(urlWithHash('http://localhost:5173/#/', FOCUS_SEARCH_HASH)).toBe(
      'http://localhost:5173/#/?focus=search',
    )
  })

  it('does nothing when the page already shows it (loading the same URL would reload)', () => {
    expect(urlWithHash('app://peerwatch/index.html#/settings', SETTINGS_HASH)).toBeNull()
    expect(urlWithHash(`app://peerwatch/index.html#/player/${HASH}/2`, playerHash(HASH))).toBeNull()
    expect(urlWithHash('', SETTINGS_HASH)).toBeNull()
  })
})
