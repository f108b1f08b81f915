// Main moves the page by its URL hash, where the renderer keeps its routes (`#/player/...`,
// `#/settings`): a hash-only change is a same-document navigation, so nothing reloads, and the
// renderer's hashchange routing takes it from there. No script is ever injected into the page.

/** Home with the search box focused; the renderer puts the hash back to `#/` once it has. */
export const FOCUS_SEARCH_HASH = '#/?focus=search'
export const SETTINGS_HASH = '#/settings'

export function playerHash(infoHash: string): string {
  return `#/player/${infoHash}`
}

/**
 * The URL to load to show `hash`, or null when the page already shows it (loading the same URL
 * again would reload the page) or the current URL cannot be parsed.
 */
export function urlWithHash(current: string, hash: string): string | null {
  let url: URL
  try {
    url = new URL(current)
  } catch {
    return null
  }
  if (url.hash === hash || (hash.startsWith('#/player/') && url.hash.startsWith(hash))) return null
  url.hash = hash
  return url.href
}
