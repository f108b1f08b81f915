import type { SearchResult } from '../../../src-shared/contract.js'
import { JsonSource, type JsonSourceOptions, searchFailed } from './http-json.js'
import { ARCHIVE_TRACKERS, buildMagnet } from './magnet.js'
import {
  nonNegativeInteger,
  normalizeInfoHash,
  type ProviderSearchOptions,
  type SearchCategory,
  type SearchProvider,
} from './provider.js'

export interface InternetArchiveOptions extends JsonSourceOptions {
  /** Where advancedsearch.php, /metadata and /download live: https://archive.org. */
  baseUrl: string
  /** Items whose infohash the search index lacks are looked up one by one: at most this many. */
  maxMetadataLookups?: number
  /** ...and this many at a time. */
  metadataConcurrency?: number
}

const SEARCH_FIELDS = ['identifier', 'title', 'item_size', 'downloads', 'publicdate', 'btih']
const TV_COLLECTIONS = 'collection:(classic_tv OR television)'
// Identifiers go into URL paths; archive.org's are letters, digits, '.', '-' and '_'.
const IDENTIFIER = /^[A-Za-z0-9._-]{1,200}$/

interface ArchiveItem {
  identifier: string
  title: string
  infoHash: string | null
  size: number
  added: string | null
}

/**
 * Public-domain and openly licensed films from the Internet Archive: a legal source out of the
 * box. One advancedsearch.php request finds items (most downloaded first) with their infohash;
 * items the index has no `btih` for get it from /metadata, a few at a time, each with its own
 * deadline. An item whose metadata cannot be read is left out, never the whole answer.
 */
export class InternetArchiveProvider implements SearchProvider {
  readonly id = 'internet-archive'
  readonly label = 'The Internet Archive'
  private readonly server: JsonSource
  private readonly maxLookups: number
  private readonly concurrency: number

  constructor(options: InternetArchiveOptions) {
    this.server = new JsonSource(this.label, options)
    this.maxLookups = options.maxMetadataLookups ?? 16
    this.concurrency = options.metadataConcurrency ?? 4
  }

  async search(query: string, options: ProviderSearchOptions): Promise<SearchResult[]> {
    const terms = searchTerms(query)
    if (!terms) return []
    const params = new URLSearchParams({ q: archiveQuery(terms, options.category) })
    for (const field of SEARCH_FIELDS) params.append('fl[]', field)
    params.append('sort[]', 'downloads desc')
    params.set('rows', String(options.limit))
    params.set('page', '1')
    params.set('output', 'json')
    const body = await this.server.get(`/advancedsearch.php?${params}`, options.signal)
    const items = readDocs(body, this.label).flatMap(toItem).slice(0, options.limit)
    const missing = items.filter((item) => !item.infoHash).slice(0, Math.min(options.limit, this.maxLookups))
    // Each lookup has its own deadline, and all of them together get one more search timeout.
    const lookupPhase = AbortSignal.timeout(this.server.timeoutMs)
    const signal = options.signal ? AbortSignal.any([options.signal, lookupPhase]) : lookupPhase
    await forEachLimited(missing, this.concurrency, async (item) => {
      item.infoHash = await this.infoHashFromMetadata(item.identifier, signal).catch(() => null)
    })
    return items.flatMap((item) => (item.infoHash ? [this.toResult(item, item.infoHash)] : []))
  }

  private async infoHashFromMetadata(identifier: string, signal?: AbortSignal): Promise<string | null> {
    const body = await this.server.get(`/metadata/${encodeURIComponent(identifier)}`, signal)
    // A missing item answers [] rather than an error.
    if (!isRecord(body) || !Array.isArray(body.files)) return null
    const torrent = body.files.find(
      (file: unknown) =>
        isRecord(file) &&
        (file.format === 'Archive BitTorrent' || file.name === `${identifier}_archive.torrent`),
    )
    return isRecord(torrent) ? normalizeInfoHash(torrent.btih) : null
  }

  private toResult(item: ArchiveItem, infoHash: string): SearchResult {
    return {
      provider: this.id,
      name: item.title,
      infoHash,
      // The torrent's name is the identifier, so BEP 19 clients fetch <ws><identifier>/<path>.
      magnet: buildMagnet({
        infoHash,
        name: item.title,
        trackers: ARCHIVE_TRACKERS,
        webSeeds: [`${this.server.baseUrl}/download/`],
      }),
      size: item.size,
      // The API counts no peers. archive.org serves every file of the item over HTTP (the web
      // seed above), so one always-on seed is the honest figure; ties keep the archive's order,
      // most downloaded first.
      seeders: 1,
      leechers: 0,
      added: item.added,
      uploaderStatus: 'unknown',
      category: 'Video',
      imdb: null,
    }
  }
}

/** The query's words without Lucene syntax, so a title like "M*A*S*H: (1970)" cannot break the query. */
export function searchTerms(query: string): string {
  return query
    .replace(/[+\-&|!(){}[\]^"~*?:\\/]/g, ' ')
    .replace(/\b(AND|OR|NOT|TO)\b/g, (word) => word.toLowerCase())
    .replace(/\s+/g, ' ')
    .trim()
}

/** mediatype "movies" is every moving image on the archive; TV lives in a few collections. */
export function archiveQuery(terms: string, category: SearchCategory): string {
  const base = `title:(${terms}) AND mediatype:(movies)`
  if (category === 'tv') return `${base} AND ${TV_COLLECTIONS}`
  if (category === 'movies') return `${base} AND NOT ${TV_COLLECTIONS}`
  return base
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** advancedsearch.php answers {responseHeader, response: {numFound, start, docs}}; errors come as 200 + {error}. */
function readDocs(body: unknown, source: string): unknown[] {
  if (isRecord(body) && isRecord(body.response) && Array.isArray(body.response.docs))
    return body.response.docs
  throw searchFailed(`${source} sent something that is not search results.`)
}

function toItem(doc: unknown): ArchiveItem[] {
  if (!isRecord(doc) || typeof doc.identifier !== 'string' || !IDENTIFIER.test(doc.identifier)) return []
  // Multi-valued fields come as arrays: the first title is the item's own.
  const title = Array.isArray(doc.title) ? doc.title[0] : doc.title
  const added = typeof doc.publicdate === 'string' ? new Date(doc.publicdate) : null
  return [
    {
      identifier: doc.identifier,
      title: typeof title === 'string' && title.trim() !== '' ? title : doc.identifier,
      infoHash: normalizeInfoHash(doc.btih),
      size: nonNegativeInteger(doc.item_size),
      added: added && !Number.isNaN(added.getTime()) ? added.toISOString() : null,
    },
  ]
}

async function forEachLimited<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T
      await work(item)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
}
