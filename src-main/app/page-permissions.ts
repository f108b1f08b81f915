/** What the page may always have: copying the stream URL, and fullscreen for the player. */
const ALWAYS = new Set(['clipboard-sanitized-write', 'fullscreen'])

/**
 * Chromium's Local Network Access (in Electron since 43) asks before a page from a public or
 * custom origin (ours is app://peerwatch) loads from a loopback or local address, which is
 * where the engine streams from: without it the video would not load. Only the app's own page
 * gets it; any other origin a frame could come from does not.
 */
const LOCAL_NETWORK = new Set(['local-network-access', 'loopback-network', 'local-network'])

/** Whether a permission Chromium asks about is granted to a page of `requestingOrigin`. */
export function pagePermission(permission: string, requestingOrigin: string, appOrigin: string): boolean {
  if (appOrigin === '' || requestingOrigin !== appOrigin) return false
  return ALWAYS.has(permission) || LOCAL_NETWORK.has(permission)
}

/**
 * The origin of a URL Electron reports a request from, `scheme://host[:port]` ('' when it has
 * none). WHATWG's `URL.origin` is "null" for a custom scheme such as app:, as for every opaque
 * origin, which would make them all alike.
 */
export function originOf(url: string | undefined): string {
  try {
    const parsed = new URL(url ?? '')
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : ''
  } catch {
    return ''
  }
}
