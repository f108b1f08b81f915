import type { SearchResult } from '../../../src-shared/contract.js'
import { apibayCategoryMatches, apibayCategoryName, apibayCatParameter } from './apibay-categories.js'
import { JsonSource, type JsonSourceOptions, searchFailed } from './http-json.js'
import { buildMagnet, PUBLIC_TRACKERS } from './magnet.js'
import {
  nonNegativeInteger,
  normalizeInfoHash,
  type ProviderSearchOptions,
  type SearchProvider,
} from './provider.js'

export interface ApibayOptions extends JsonSourceOptions {
  /** Where q.php and f.php live, e.g. https://apibay.org or a mirror. */
  baseUrl: string
}

/** One file inside an apibay torrent, from f.php. */
export interface ApibayFile {
  name: string
  size: number
}

type UploaderStatus = SearchResult['uploaderStatus']
const UPLOADER_STATUSES = new Set<string>(['member', 'trusted', 'vip', 'helper', 'moderator', 'admin'])

/**
 * The Pirate Bay through apibay.org's JSON API. q.php answers up to 100 rows with every field a
 * string; the precompiled top-100 lists send numbers. Both are read here. "Nothing found" is one
 * placeholder row (id "0", all-zero info_hash), which becomes an empty list.
 */
export class ApibayProvider implements SearchProvider {
  readonly id = 'apibay'
  readonly label = 'The Pirate Bay'
  private readonly server: JsonSource

  constructor(options: ApibayOptions) {
    this.server = new JsonSource(this.label, options)
  }

  async search(query: string, options: ProviderSearchOptions): Promise<SearchResult[]> {
    const params = new URLSearchParams({ q: query })
    const cat = apibayCatParameter(options.category)
    if (cat) params.set('cat', cat)
    const body = await this.server.get(`/q.php?${params}`, options.signal)
    if (!Array.isArray(body)) throw searchFailed(`${this.label} sent something that is not search results.`)
    const results: SearchResult[] = []
    for (const row of body) {
      const result = toSearchResult(row)
      if (!result) continue
      // A row without a category cannot be judged; one with another category was not asked for.
      const code = nonNegativeInteger(categoryOf(row))
      if (code > 0 && !apibayCategoryMatches(options.category, code)) continue
      results.push(result)
      if (results.length >= options.limit) break
    }
    return results
  }

  /** The files inside torrent `id` (apibay's own id, not the infohash); [] when apibay has no list. */
  async files(id: string, signal?: AbortSignal): Promise<ApibayFile[]> {
    const body = await this.server.get(`/f.php?${new URLSearchParams({ id })}`, signal)
    if (!Array.isArray(body)) throw searchFailed(`${this.label} sent something that is not a file list.`)
    return body.flatMap(toFile)
  }
}

type Row = Record<string, unknown>

function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function categoryOf(row: unknown): unknown {
  return isRow(row) ? row.category : undefined
}

/** A q.php / top-100 row as a SearchResult; null for the placeholder row and malformed rows. */
export function toSearchResult(row: unknown): SearchResult | null {
  if (!isRow(row) || String(row.id) === '0') return null
  const infoHash = normalizeInfoHash(row.info_hash)
  if (!infoHash || typeof row.name !== 'string' || row.name === '') return null
  const added = nonNegativeInteger(row.added)
  return {
    provider: 'apibay',
    name: row.name,
    infoHash,
    magnet: buildMagnet({ infoHash, name: row.name, trackers: PUBLIC_TRACKERS }),
    size: nonNegativeInteger(row.size),
    seeders: nonNegativeInteger(row.seeders),
    leechers: nonNegativeInteger(row.leechers),
    added: added > 0 ? new Date(added * 1000).toISOString() : null,
    uploaderStatus: uploaderStatus(row.status),
    category: apibayCategoryName(nonNegativeInteger(row.category)),
    imdb: typeof row.imdb === 'string' && row.imdb.trim() !== '' ? row.imdb.trim() : null,
  }
}

function uploaderStatus(status: unknown): UploaderStatus {
  if (typeof status !== 'string') return 'unknown'
  const value = status.toLowerCase()
  // The site shows super moderators with their own badge; the contract has one moderator rank.
  if (value === 'supermod') return 'moderator'
  return UPLOADER_STATUSES.has(value) ? (value as UploaderStatus) : 'unknown'
}

/** f.php wraps each value in a one-element list ({"name":["a.mkv"]}), some mirrors in {"0": ...}. */
function firstValue(value: unknown): unknown {
  if (Array.isArray(value)) return value[0]
  if (isRow(value)) return value['0']
  return value
}

function toFile(row: unknown): ApibayFile[] {
  if (!isRow(row)) return []
  const name = firstValue(row.name)
  if (typeof name !== 'string' || name === '' || name.toLowerCase() === 'filelist not found') return []
  return [{ name, size: nonNegativeInteger(firstValue(row.size)) }]
}
