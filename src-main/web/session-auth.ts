import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export const SESSION_COOKIE = 'peerwatch_session'

export interface SessionAuthOptions {
  /** The secret in the link `peerwatch serve` prints. */
  token: string
  /** When set, the login form accepts it as well. */
  password?: string
  /** Clock for the login rate limit (tests move it). */
  now?: () => number
}

export type LoginResult = { kind: 'ok'; sessionId: string } | { kind: 'wrong' } | { kind: 'limited' }

const MAX_FAILURES = 5
const FAILURE_WINDOW_MS = 60_000
// Every login makes a session and sessions live as long as the server: keep the newest ones.
const MAX_SESSIONS = 1000

/**
 * Who may use the server: holders of the link's token or of the password get a random session
 * id in an HttpOnly cookie. Secrets are compared in constant time; password guesses are limited
 * per remote address.
 */
export class SessionAuth {
  private readonly sessions = new Set<string>()
  private readonly failures = new Map<string, number[]>()
  private readonly tokenDigest: Buffer
  private readonly passwordDigest: Buffer | null
  private readonly now: () => number

  constructor(options: SessionAuthOptions) {
    this.tokenDigest = digest(options.token)
    this.passwordDigest = options.password ? digest(options.password) : null
    this.now = options.now ?? Date.now
  }

  get hasPassword(): boolean {
    return this.passwordDigest !== null
  }

  /** A new session for the right token, null for any other. */
  exchangeToken(candidate: string): string | null {
    return timingSafeEqual(digest(candidate), this.tokenDigest) ? this.newSession() : null
  }

  login(remoteAddress: string, password: string): LoginResult {
    if (!this.passwordDigest) return { kind: 'wrong' }
    const recent = this.recentFailures(remoteAddress)
    if (recent.length >= MAX_FAILURES) return { kind: 'limited' }
    if (timingSafeEqual(digest(password), this.passwordDigest))
      return { kind: 'ok', sessionId: this.newSession() }
    recent.push(this.now())
    this.failures.set(remoteAddress, recent)
    return { kind: 'wrong' }
  }

  isAuthenticated(cookieHeader: string | undefined): boolean {
    const id = readCookie(cookieHeader, SESSION_COOKIE)
    return id !== undefined && this.sessions.has(id)
  }

  private newSession(): string {
    const id = randomBytes(32).toString('base64url')
    this.sessions.add(id)
    if (this.sessions.size > MAX_SESSIONS) {
      const oldest = this.sessions.values().next().value
      if (oldest !== undefined) this.sessions.delete(oldest)
    }
    return id
  }

  private recentFailures(remoteAddress: string): number[] {
    const since = this.now() - FAILURE_WINDOW_MS
    for (const [address, times] of this.failures) {
      const kept = times.filter((t) => t > since)
      if (kept.length === 0) this.failures.delete(address)
      else this.failures.set(address, kept)
    }
    return this.failures.get(remoteAddress) ?? []
  }
}

export function sessionCookie(sessionId: string): string {
  return `${SESSION_COOKIE}=${sessionId}; HttpOnly; SameSite=Strict; Path=/`
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
