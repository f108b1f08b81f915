import type { RequestPayload, SearchResult } from '../../../src-shared/contract.js'

export type SearchCategory = NonNullable<RequestPayload<'search'>['category']>

export interface ProviderSearchOptions {
  category: SearchCategory
  /** The most rows this provider should return. */
  limit: number
  /** Aborted when the whole search is cancelled. */
  signal?: AbortSignal
}

/**
 * One place to search. A provider throws a PeerwatchError (SEARCH_FAILED, one sentence naming
 * itself) when it cannot answer; the search service reports that beside the others' results.
 */
export interface SearchProvider {
  /** Stable, lowercase: the `provider` field of its results and failures. */
  readonly id: string
  /** As people call it, for tables and error sentences. */
  readonly label: string
  search(query: string, options: ProviderSearchOptions): Promise<SearchResult[]>
}

/** Every provider answers within this unless configured otherwise. */
export const DEFAULT_SEARCH_TIMEOUT_MS = 10_000

/** No search answer is legitimately this large; a bigger one is a broken or hostile server. */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024

const HEX_INFOHASH = /^[0-9a-f]{40}$/i
const ZERO_INFOHASH = /^0{40}$/

/** A 40-hex infohash in lowercase, or null for anything else (including the all-zero placeholder). */
export function normalizeInfoHash(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const hash = value.trim()
  if (!HEX_INFOHASH.test(hash) || ZERO_INFOHASH.test(hash)) return null
  return hash.toLowerCase()
}

/** A count or size that may arrive as a number or a numeric string; anything else is 0. */
export function nonNegativeInteger(value: unknown): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof number === 'number' && Number.isFinite(number) && number > 0 ? Math.floor(number) : 0
}

/** Strips a base URL's trailing slashes so paths can be appended with one. */
export function trimBaseUrl(url: string): string {
  return url.trim().replace(/\/+$/, '')
}
