// Headers for everything the web server itself answers (pages, assets, errors). Stream responses
// come from the engine's range server with their own headers.

/** The page may load only its own scripts, styles, media and socket: no inline script, no framing. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  // blob: is the MediaSource a converted stream plays through.
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ')

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
}

// The build's meta CSP is written for Electron (streams on 127.0.0.1); a meta and a header CSP
// would both apply, so over HTTP only the header above may remain.
const META_CSP =
  /(?:^[ \t]*)?<meta\b[^>]*http-equiv\s*=\s*["']?content-security-policy["']?[^>]*>[ \t]*\r?\n?/gim

export function removeMetaCsp(html: string): string {
  return html.replace(META_CSP, '')
}
