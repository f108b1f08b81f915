import type { StaticSite } from '../web/static-files.js'

// The desktop page is served from app://peerwatch/ rather than file:// so that main can send
// its Content-Security-Policy as a header, and so the page has an origin of its own.

export const APP_SCHEME = 'app'
export const APP_HOST = 'peerwatch'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_START_URL = `${APP_ORIGIN}/index.html`

/** What protocol.registerSchemesAsPrivileged needs: a standard, secure scheme with fetch. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const

/**
 * The page's policy: its own scripts and styles, media only from the engine's loopback port,
 * directly or (converted streams) fetched from it into a MediaSource's blob: URL.
 */
export function desktopCsp(streamPort: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `media-src http://127.0.0.1:${streamPort} blob:`,
    `connect-src 'self' http://127.0.0.1:${streamPort}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/**
 * The path inside the renderer build that an app:// URL names, or null for anything that is not
 * ours: another host, an unparsable URL, an encoded separator, a dot segment, a NUL.
 */
export function rendererPath(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null
  // The raw path: URL parsing already folded plain "..", so what is left to catch is encoded.
  const raw = parsed.pathname
  let decoded: string
  try {
    decoded = decodeURIComponent(raw)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const segments = decoded.split('/').slice(1)
  if (segments.some((s) => s === '..' || s === '.') || /%2f/i.test(raw)) return null
  return decoded === '/' ? '/index.html' : decoded
}

export interface AppResponse {
  status: number
  headers: Record<string, string>
  /** null for HEAD. */
  body: Uint8Array | string | null
}

/**
 * Answers one app:// request from the renderer build (read once at start, its meta CSP already
 * removed): GET and HEAD only, exact paths only, the CSP header on everything.
 */
export function appResponse(site: StaticSite, method: string, url: string, streamPort: number): AppResponse {
  const security = {
    'Content-Security-Policy': desktopCsp(streamPort),
    'X-Content-Type-Options': 'nosniff',
  }
  if (method !== 'GET' && method !== 'HEAD') {
    return text(405, 'Method not allowed', { ...security, Allow: 'GET, HEAD' })
  }
  const path = rendererPath(url)
  const file = path === null ? undefined : site.lookup(path)
  if (!file) return text(404, 'Not found', security)
  return {
    status: 200,
    headers: { ...file.headers, ...security },
    body: method === 'HEAD' ? null : file.body,
  }
}

function text(status: number, body: string, headers: Record<string, string>): AppResponse {
  return { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }, body }
}
