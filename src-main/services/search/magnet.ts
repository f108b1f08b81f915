export interface MagnetParts {
  infoHash: string
  name: string
  trackers: readonly string[]
  /** BEP 19 web seeds: HTTP servers holding the same files. */
  webSeeds?: readonly string[]
}

/**
 * Long-lived public UDP trackers: the ones The Pirate Bay's own pages put in their magnets
 * (opentrackr, stealth.si, torrent.eu.org, desync, demonii, dler) plus explodie and openbittorrent.
 */
export const PUBLIC_TRACKERS: readonly string[] = [
  'udp://tracker.opentrackr.org:1337/announce',
  'udp://open.stealth.si:80/announce',
  'udp://tracker.torrent.eu.org:451/announce',
  'udp://exodus.desync.com:6969/announce',
  'udp://open.demonii.com:1337/announce',
  'udp://tracker.dler.org:6969/announce',
  'udp://explodie.org:6969/announce',
  'udp://tracker.openbittorrent.com:6969/announce',
]

/** The Internet Archive's own trackers, as written in every *_archive.torrent. */
export const ARCHIVE_TRACKERS: readonly string[] = [
  'http://bt1.archive.org:6969/announce',
  'http://bt2.archive.org:6969/announce',
]

/** A magnet link; every value is percent-encoded, so a name can never inject a parameter. */
export function buildMagnet(parts: MagnetParts): string {
  const params = [`xt=urn:btih:${parts.infoHash}`, `dn=${encodeStrict(parts.name)}`]
  for (const tracker of parts.trackers) params.push(`tr=${encodeStrict(tracker)}`)
  for (const seed of parts.webSeeds ?? []) params.push(`ws=${encodeStrict(seed)}`)
  return `magnet:?${params.join('&')}`
}

/** encodeURIComponent plus the quote and brackets it leaves alone, so a link is safe in any attribute. */
function encodeStrict(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}
