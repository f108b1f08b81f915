import { describe, expect, it } from 'vitest'
import { APP_ORIGIN, APP_START_URL } from '../../src-main/app/app-protocol.js'
import { originOf, pagePermission } from '../../src-main/app/page-permissions.js'

// What the desktop window's permission handlers answer Chromium. The video streams from the
// engine on 127.0.0.1 while the page comes from app://peerwatch: Local Network Access must be
// granted to the app's own page, and to nothing else.

const app = originOf(APP_START_URL)

describe("the desktop page's permissions", () => {
  it('names the app origin as Chromium does, not as the opaque "null" of URL.origin', () => {
    expect(app).toBe(APP_ORIGIN)
    expect(originOf('app://peerwatch/index.html#/player/x')).toBe('app://peerwatch')
    expect(originOf('http://127.0.0.1:5173/')).toBe('http://127.0.0.1:5173')
    expect(originOf('null')).toBe('')
    expect(originOf(undefined)).toBe('')
  })

  it('lets the app page reach the engine on loopback, go fullscreen and copy a stream URL', () => {
    for (const permission of [
      'local-network-access',
      'loopback-network',
      'fullscreen',
      'clipboard-sanitized-write',
    ])
      expect(pagePermission(permission, app, app)).toBe(true)
  })

  it('refuses everything else, and everything to any other origin', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read'])
      expect(pagePermission(permission, app, app)).toBe(false)
    for (const origin of ['https://evil.example', 'app://other', 'file://', ''])
      expect(pagePermission('local-network-access', originOf(origin) || origin, app)).toBe(false)
    expect(pagePermission('fullscreen', '', '')).toBe(false)
  })
})
