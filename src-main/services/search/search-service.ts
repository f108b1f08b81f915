import type { SearchFailure, SearchResult } from '../../../src-shared/contract.js'
import { PeerwatchError } from '../../../src-shared/errors.js'
import type { SearchCategory, SearchProvider } from './provider.js'

export interface SearchAllOptions {
  /** Default: video. */
  category?: SearchCategory
  /** Rows in the merged answer. Default: 50. */
  limit?: number
  signal?: AbortSignal
}

export interface SearchOutcome {
  /** Most seeders first; one row per infohash. */
  results: SearchResult[]
  /** Providers that could not answer, each with a sentence naming it. */
  failures: SearchFailure[]
}

export const DEFAULT_SEARCH_LIMIT = 50

/**
 * Asks every provider at once and merges what comes back. A provider that fails or times out
 * becomes a failure beside the others' results: it never fails the search.
 */
export async function searchAll(
  query: string,
  options: SearchAllOptions,
  providers: readonly SearchProvider[],
): Promise<SearchOutcome> {
  const limit = options.limit ?? DEFAULT_SEARCH_LIMIT
  const providerOptions = { category: options.category ?? 'video', limit, signal: options.signal }
  const settled = await Promise.allSettled(
    providers.map((provider) => provider.search(query.trim(), providerOptions)),
  )
  const answers: SearchResult[][] = []
  const failures: SearchFailure[] = []
  settled.forEach((outcome, index) => {
    const provider = providers[index] as SearchProvider
    if (outcome.status === 'fulfilled') answers.push(outcome.value)
    else failures.push(toFailure(provider, outcome.reason))
  })
  return { results: mergeResults(answers).slice(0, limit), failures }
}

/**
 * One row per infohash, the row with the most seeders winning (the first provider's on a tie),
 * sorted by seeders; equal seeders keep each provider's own order.
 */
export function mergeResults(answers: readonly SearchResult[][]): SearchResult[] {
  const byHash = new Map<string, SearchResult>()
  for (const result of answers.flat()) {
    const kept = byHash.get(result.infoHash)
    if (!kept || result.seeders > kept.seeders) byHash.set(result.infoHash, result)
  }
  return [...byHash.values()].sort((a, b) => b.seeders - a.seeders)
}

function toFailure(provider: SearchProvider, err: unknown): SearchFailure {
  if (err instanceof PeerwatchError) return { provider: provider.id, code: err.code, message: err.message }
  const why = err instanceof Error ? err.message : String(err)
  return { provider: provider.id, code: 'SEARCH_FAILED', message: `${provider.label} failed: ${why}` }
}
