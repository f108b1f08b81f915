import { describe, expect, it } from 'vitest'
import { guesserKey, SESSION_COOKIE, SESSION_IDLE_MS, SessionAuth } from '../../src-main/web/session-auth.js'

// Who may use `peerwatch serve`: what a household member, a neighbour guessing passwords and a
// link left in a terminal's history can and cannot do.

const DAY = 24 * 3_600_000
const PASSWORD = 'correct horse'

function clock() {
  let t = Date.parse('2026-12-01T12:00:00Z')
  return {
    now: () => t,
    advance: (ms: number): void => {
      t += ms
    },
  }
}

const cookie = (id: string | null): string => `${SESSION_COOKIE}=${id ?? ''}`

describe('sign-in links', () => {
  it('sign one browser in each; the next link is handed out as the last one is spent', () => {
    const links: string[] = []
    const auth = new SessionAuth({ token: 'first', onNewToken: (t) => links.push(t) })
    const session = auth.exchangeToken('first')
    expect(session).not.toBeNull()
    expect(auth.exchangeToken('first')).toBeNull()
    expect(links).toHaveLength(1)
    expect(auth.exchangeToken(links[0] ?? '')).not.toBeNull()
    expect(auth.isAuthenticated(cookie(session))).toBe(true)
  })
})

describe('sessions', () => {
  it('end after a month unused, and last while used', () => {
    const c = clock()
    const auth = new SessionAuth({ token: 't', now: c.now })
    const used = auth.exchangeToken('t')
    for (let day = 0; day < 40; day++) {
      c.advance(DAY)
      expect(auth.isAuthenticated(cookie(used))).toBe(true)
    }
    const other = new SessionAuth({ token: 't', now: c.now })
    const forgotten = other.exchangeToken('t')
    c.advance(SESSION_IDLE_MS + 1)
    expect(other.isAuthenticated(cookie(forgotten))).toBe(false)
  })

  it('end on signing out', () => {
    const auth = new SessionAuth({ token: 't' })
    const session = auth.exchangeToken('t')
    auth.signOut(cookie(session))
    expect(auth.isAuthenticated(cookie(session))).toBe(false)
  })
})

describe('wrong passwords', () => {
  it('make an address wait a minute after five, then twice as long each time', () => {
    const c = clock()
    const auth = new SessionAuth({ token: 't', password: PASSWORD, now: c.now })
    for (let i = 0; i < 5; i++) expect(auth.login('192.168.1.50', `guess ${i}`).kind).toBe('wrong')
    expect(auth.login('192.168.1.50', PASSWORD)).toEqual({ kind: 'limited', retryAfterSeconds: 60 })
    // Another device at home is not held up by the guesser.
    expect(auth.login('192.168.1.51', PASSWORD).kind).toBe('ok')
    c.advance(61_000)
    for (let i = 0; i < 5; i++) auth.login('192.168.1.50', `guess ${i}`)
    expect(auth.login('192.168.1.50', PASSWORD)).toEqual({ kind: 'limited', retryAfterSeconds: 120 })
  })

  it('count an IPv6 /64 as one address, however many it rotates through', () => {
    const auth = new SessionAuth({ token: 't', password: PASSWORD })
    for (let i = 0; i < 5; i++) auth.login(`2001:db8:1:2::${i + 1}`, 'guess')
    expect(auth.login('2001:db8:1:2:aaaa::9', PASSWORD).kind).toBe('limited')
    expect(auth.login('2001:db8:1:3::1', PASSWORD).kind).toBe('ok')
    expect(guesserKey('2001:db8:1:2:aaaa::9')).toBe('2001:0db8:0001:0002')
    expect(guesserKey('::ffff:10.0.0.7')).toBe('10.0.0.7')
  })

  it('from everywhere at once make every new device wait', () => {
    const auth = new SessionAuth({ token: 't', password: PASSWORD })
    for (let i = 0; i < 30; i++) auth.login(`10.0.${i}.1`, 'guess')
    expect(auth.login('10.1.0.1', PASSWORD).kind).toBe('limited')
  })

  it('never lock out a browser that signed in before, though its address and everyone wait', () => {
    const c = clock()
    const auth = new SessionAuth({ token: 't', password: PASSWORD, now: c.now })
    const owner = cookie(auth.exchangeToken('t'))
    c.advance(SESSION_IDLE_MS + DAY) // away for a while: the session is over
    expect(auth.isAuthenticated(owner)).toBe(false)
    for (let i = 0; i < 30; i++) auth.login(i < 5 ? '192.168.1.50' : `10.0.${i}.1`, 'guess')
    expect(auth.login('192.168.1.50', PASSWORD).kind).toBe('limited')
    expect(auth.login('192.168.1.50', 'still a guess', owner).kind).toBe('wrong')
    expect(auth.login('192.168.1.50', PASSWORD, owner).kind).toBe('ok')
  })
})
