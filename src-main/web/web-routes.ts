import { textResponse } from '../engine/text-response.js'
import { loginPage, textPage, unauthorizedPage } from './auth-pages.js'
import { SECURITY_HEADERS } from './security-headers.js'
import { clearedSessionCookie, type SessionAuth, sessionCookie } from './session-auth.js'
import type { StaticSite } from './static-files.js'

/** A request to the web server's own routes (streams and the WebSocket are handled apart). */
export interface WebRequest {
  method: string
  /** The raw request target, e.g. "/?token=…" or "/assets/index-abc.js". */
  url: string
  headers: { cookie?: string; accept?: string }
  remoteAddress: string
  /** The urlencoded form of a POST. */
  body?: string
  /** A browser says the request comes from another site's page (its Origin is not this server). */
  crossSite: boolean
}

export interface WebResponse {
  status: number
  headers: Record<string, string>
  body?: Buffer | string
}

export interface WebRouteContext {
  auth: SessionAuth
  site: StaticSite
}

/** Sign-in, then the renderer build: everything but /stream/ and /ws, as a function of the request. */
export function handleWebRequest(req: WebRequest, ctx: WebRouteContext): WebResponse {
  const { pathname, query } = splitTarget(req.url)
  const { auth } = ctx
  if (pathname === '/' && query.has('token')) return exchangeToken(req, auth, query.get('token') ?? '')
  if (pathname === '/login') return loginRoute(req, auth)
  if (pathname === '/logout') return logoutRoute(req, auth)
  if (!auth.isAuthenticated(req.headers.cookie)) {
    if (auth.hasPassword && isRead(req) && wantsPage(pathname, req.headers.accept)) return redirect('/login')
    return html(401, unauthorizedPage(auth.hasPassword))
  }
  if (!isRead(req))
    return html(405, textPage('Method not allowed', 'Only GET and HEAD.'), { Allow: 'GET, HEAD' })
  const file = ctx.site.lookup(pathname)
  if (!file) return html(404, textPage('Not found', 'There is nothing here.'))
  return { status: 200, headers: { ...SECURITY_HEADERS, ...file.headers }, body: file.body }
}

// The token leaves the address bar (and the history entry) at once: the cookie carries on.
function exchangeToken(req: WebRequest, auth: SessionAuth, token: string): WebResponse {
  const sessionId = isRead(req) ? auth.exchangeToken(token) : null
  if (!sessionId) return html(401, unauthorizedPage(auth.hasPassword))
  return redirect('/', { 'Set-Cookie': sessionCookie(sessionId) })
}

function loginRoute(req: WebRequest, auth: SessionAuth): WebResponse {
  if (!auth.hasPassword)
    return html(404, textPage('Not found', 'This server has no password: open its link.'))
  if (isRead(req)) return auth.isAuthenticated(req.headers.cookie) ? redirect('/') : html(200, loginPage())
  if (req.method !== 'POST')
    return html(405, textPage('Method not allowed', 'GET or POST.'), { Allow: 'GET, POST' })
  // Another site's page must not sign a visitor in (to an account of the attacker's choosing).
  if (req.crossSite) return html(403, textPage('Forbidden', 'Sign in from this server’s own page.'))
  const password = new URLSearchParams(req.body ?? '').get('password') ?? ''
  const result = auth.login(req.remoteAddress, password, req.headers.cookie)
  if (result.kind === 'ok') return redirect('/', { 'Set-Cookie': sessionCookie(result.sessionId) })
  if (result.kind === 'limited') {
    const wait = waitText(result.retryAfterSeconds)
    return html(429, loginPage(`Too many wrong passwords: wait ${wait} and try again.`), {
      'Retry-After': String(result.retryAfterSeconds),
    })
  }
  return html(401, loginPage('Wrong password.'))
}

/** Signs this browser out: a form's POST from the app (never a link another page could load). */
function logoutRoute(req: WebRequest, auth: SessionAuth): WebResponse {
  if (req.method !== 'POST') return html(405, textPage('Method not allowed', 'POST only.'), { Allow: 'POST' })
  if (req.crossSite) return html(403, textPage('Forbidden', 'Sign out from this server’s own page.'))
  auth.signOut(req.headers.cookie)
  return redirect(auth.hasPassword ? '/login' : '/', { 'Set-Cookie': clearedSessionCookie() })
}

function waitText(seconds: number): string {
  if (seconds <= 60) return 'a minute'
  const minutes = Math.ceil(seconds / 60)
  return `${minutes} minutes`
}

function splitTarget(url: string): { pathname: string; query: URLSearchParams } {
  const hash = url.indexOf('#')
  const target = hash === -1 ? url : url.slice(0, hash)
  const mark = target.indexOf('?')
  if (mark === -1) return { pathname: target, query: new URLSearchParams() }
  return { pathname: target.slice(0, mark), query: new URLSearchParams(target.slice(mark + 1)) }
}

function isRead(req: WebRequest): boolean {
  return req.method === 'GET' || req.method === 'HEAD'
}

/** A person's navigation gets the login form; a script or asset request gets a plain 401. */
function wantsPage(pathname: string, accept: string | undefined): boolean {
  return pathname === '/' || pathname === '/index.html' || (accept ?? '').includes('text/html')
}

function redirect(location: string, extra: Record<string, string> = {}): WebResponse {
  return {
    status: 303,
    headers: {
      ...SECURITY_HEADERS,
      Location: location,
      'Cache-Control': 'no-store',
      'Content-Length': '0',
      ...extra,
    },
  }
}

function html(status: number, body: string, extra: Record<string, string> = {}): WebResponse {
  return textResponse(status, body, { ...SECURITY_HEADERS, ...extra }, 'text/html; charset=utf-8')
}
