import type { ApiError, SearchFailure, SearchResult } from '../../src-shared/contract.js'
import { matchesResolution, type ResolutionFilter, releaseQuality } from '../../src-shared/release-name.js'
import { DEFAULT_CATEGORY, type SearchCategory } from './routes.js'
import type { SliceCreator } from './store.js'

export type SearchSort = 'seeders' | 'size' | 'age'

export interface SearchState {
  query: string
  category: SearchCategory
  sort: SearchSort
  /** Only copies of this resolution (read from their names). */
  resolution: ResolutionFilter
  results: SearchResult[]
  /** Providers that failed while others answered. */
  failures: SearchFailure[]
  loading: boolean
  /** The whole search failed. */
  error: ApiError | null
  /** Increments per search so a slow answer never overwrites a newer one. */
  requestId: number
}

export interface SearchSlice {
  search: SearchState
  searchStarted(query: string, category: SearchCategory): number
  searchFinished(requestId: number, results: SearchResult[], failures: SearchFailure[]): void
  searchFailed(requestId: number, error: ApiError): void
  setSearchSort(sort: SearchSort): void
  setSearchResolution(resolution: ResolutionFilter): void
}

export const initialSearch: SearchState = {
  query: '',
  category: DEFAULT_CATEGORY,
  sort: 'seeders',
  resolution: 'all',
  results: [],
  failures: [],
  loading: false,
  error: null,
  requestId: 0,
}

export const createSearchSlice: SliceCreator<SearchSlice> = (set, get) => ({
  search: initialSearch,
  searchStarted: (query, category) => {
    const requestId = get().search.requestId + 1
    set((s) => ({
      search: {
        ...s.search,
        query,
        category,
        requestId,
        loading: true,
        error: null,
        results: [],
        failures: [],
      },
    }))
    return requestId
  },
  searchFinished: (requestId, results, failures) => {
    if (get().search.requestId !== requestId) return
    set((s) => ({ search: { ...s.search, loading: false, results, failures } }))
  },
  searchFailed: (requestId, error) => {
    if (get().search.requestId !== requestId) return
    set((s) => ({ search: { ...s.search, loading: false, error } }))
  },
  setSearchSort: (sort) => set((s) => ({ search: { ...s.search, sort } })),
  setSearchResolution: (resolution) => set((s) => ({ search: { ...s.search, resolution } })),
})

/** The results of one resolution, or all of them. */
export function filterResults(results: SearchResult[], resolution: ResolutionFilter): SearchResult[] {
  if (resolution === 'all') return results
  return results.filter((r) => matchesResolution(releaseQuality(r.name), resolution))
}

/** Sorted copy: most seeders, largest or newest first. */
export function sortResults(results: SearchResult[], sort: SearchSort): SearchResult[] {
  const key = (r: SearchResult): number => {
    if (sort === 'size') return r.size
    if (sort === 'age') return r.added ? Date.parse(r.added) || 0 : 0
    return r.seeders
  }
  return [...results].sort((a, b) => key(b) - key(a) || b.seeders - a.seeders)
}
