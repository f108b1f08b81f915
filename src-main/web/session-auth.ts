import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { isIPv6 } from 'node:net'

export const SESSION_COOKIE = 'peerwatch_session'

export interface SessionAuthOptions {
  /** The secret in the first link `peerwatch serve` prints. */
  token: string
  /** When set, the login form accepts it as well. */
  password?: string
  /** Told each new sign-in link's secret: a link signs one browser in, then the next one is printed. */
  onNewToken?: (token: string) => void
  /** Clock for sessions and the login limits (tests move it). */
  now?: () => number
}

export type LoginResult =
  | { kind: 'ok'; sessionId: string }
  | { kind: 'wrong' }
  | { kind: 'limited'; retryAfterSeconds: number }

/** A session unused this long is over, and any is after SESSION_MAX_AGE_MS. */
export const SESSION_IDLE_MS = 30 * 24 * 3_600_000
const SESSION_MAX_AGE_MS = 180 * 24 * 3_600_000
// Every sign-in makes a session: keep the newest ones.
const MAX_SESSIONS = 1000

/** Wrong passwords allowed from one address (an IPv6 /64) a minute, before it waits. */
const MAX_FAILURES = 5
const FAILURE_WINDOW_MS = 60_000
/** Each wrong password past the limit doubles the wait, up to an hour. */
const FIRST_WAIT_MS = 60_000
const LONGEST_WAIT_MS = 3_600_000
/** Wrong passwords a minute from everywhere at once (rotating addresses) before everyone new waits. */
const MAX_FAILURES_ALL = 30

interface Session {
  createdAt: number
  lastSeenAt: number
}

interface Guesser {
  failures: number[]
  waitUntil: number
  /** How many waits in a row: the next one lasts twice as long. */
  strikes: number
}

/**
 * Who may use the server: holders of a sign-in link's token or of the password get a random
 * session id in an HttpOnly cookie. A link works once (a link copied from a terminal's history
 * or a shared screen is spent); sessions end after a month unused. Secrets are compared in
 * constant time. Wrong passwords are limited per address (per /64 for IPv6, where one home gets
 * millions) and across all addresses, with a wait that doubles; a browser that has signed in
 * before (its session cookie, even expired) is never made to wait for the right password, so a
 * neighbour guessing cannot lock the owner out.
 */
export class SessionAuth {
  private readonly sessions = new Map<string, Session>()
  private readonly guessers = new Map<string, Guesser>()
  private allFailures: number[] = []
  private allWaitUntil = 0
  private tokenDigest: Buffer
  private readonly passwordDigest: Buffer | null
  private readonly now: () => number

  constructor(private readonly options: SessionAuthOptions) {
    this.tokenDigest = digest(options.token)
    this.passwordDigest = options.password ? digest(options.password) : null
    this.now = options.now ?? Date.now
  }

  get hasPassword(): boolean {
    return this.passwordDigest !== null
  }

  /** A new session for the current link's token (which is then spent), null for any other. */
  exchangeToken(candidate: string): string | null {
    if (!timingSafeEqual(digest(candidate), this.tokenDigest)) return null
    const next = randomBytes(32).toString('base64url')
    this.tokenDigest = digest(next)
    this.options.onNewToken?.(next)
    return this.newSession()
  }

  login(remoteAddress: string, password: string, cookieHeader?: string): LoginResult {
    if (!this.passwordDigest) return { kind: 'wrong' }
    const now = this.now()
    const known = this.signedInBefore(cookieHeader)
    const key = guesserKey(remoteAddress)
    const guesser = this.guesser(key, now)
    const waitUntil = Math.max(guesser.waitUntil, this.allWaitUntil)
    if (!known && waitUntil > now)
      return { kind: 'limited', retryAfterSeconds: Math.ceil((waitUntil - now) / 1000) }
    if (timingSafeEqual(digest(password), this.passwordDigest)) {
      this.guessers.delete(key)
      return { kind: 'ok', sessionId: this.newSession() }
    }
    guesser.failures.push(now)
    if (guesser.failures.length >= MAX_FAILURES) {
      guesser.waitUntil = now + Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** guesser.strikes)
      guesser.strikes += 1
      guesser.failures = []
    }
    this.guessers.set(key, guesser)
    this.allFailures = [...this.allFailures.filter((t) => t > now - FAILURE_WINDOW_MS), now]
    if (this.allFailures.length >= MAX_FAILURES_ALL) this.allWaitUntil = now + FIRST_WAIT_MS
    return { kind: 'wrong' }
  }

  isAuthenticated(cookieHeader: string | undefined): boolean {
    const session = this.session(cookieHeader)
    if (!session) return false
    const now = this.now()
    if (now - session.lastSeenAt > SESSION_IDLE_MS || now - session.createdAt > SESSION_MAX_AGE_MS)
      return false
    session.lastSeenAt = now
    return true
  }

  /** Ends the session the cookie names. */
  signOut(cookieHeader: string | undefined): void {
    const id = readCookie(cookieHeader, SESSION_COOKIE)
    if (id !== undefined) this.sessions.delete(id)
  }

  private signedInBefore(cookieHeader: string | undefined): boolean {
    const session = this.session(cookieHeader)
    return session !== undefined && this.now() - session.createdAt <= SESSION_MAX_AGE_MS
  }

  private session(cookieHeader: string | undefined): Session | undefined {
    const id = readCookie(cookieHeader, SESSION_COOKIE)
    return id === undefined ? undefined : this.sessions.get(id)
  }

  private newSession(): string {
    const id = randomBytes(32).toString('base64url')
    const now = this.now()
    for (const [old, session] of this.sessions)
      if (now - session.createdAt > SESSION_MAX_AGE_MS) this.sessions.delete(old)
    this.sessions.set(id, { createdAt: now, lastSeenAt: now })
    if (this.sessions.size > MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value
      if (oldest !== undefined) this.sessions.delete(oldest)
    }
    return id
  }

  private guesser(key: string, now: number): Guesser {
    for (const [other, g] of this.guessers) {
      g.failures = g.failures.filter((t) => t > now - FAILURE_WINDOW_MS)
      // A guesser quiet for the longest wait starts afresh.
      if (g.failures.length === 0 && g.waitUntil + LONGEST_WAIT_MS < now) this.guessers.delete(other)
    }
    return this.guessers.get(key) ?? { failures: [], waitUntil: 0, strikes: 0 }
  }
}

/** The unit wrong passwords are counted in: an IPv4 address, or an IPv6 /64 (one home's). */
export function guesserKey(remoteAddress: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remoteAddress)?.[1]
  if (mapped) return mapped
  if (!isIPv6(remoteAddress)) return remoteAddress
  return expandIPv6(remoteAddress).slice(0, 4).join(':')
}

function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('%', 1)[0]?.split('::') ?? ['']
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const zeros = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0')
  return [...left, ...zeros, ...right].map((group) => group.toLowerCase().padStart(4, '0'))
}

export function sessionCookie(sessionId: string): string {
  return `${SESSION_COOKIE}=${sessionId}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_IDLE_MS / 1000}`
}

/** Tells the browser to forget its session (sign-out). */
export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`
}

// Digests first: timingSafeEqual needs equal lengths, and comparing digests leaks no length.
function digest(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest()
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}
