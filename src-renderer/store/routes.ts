// Hash URLs for every page, so Back/Forward and reload land where the person was.

export type SearchCategory = 'movies' | 'tv' | 'video' | 'all'
export const SEARCH_CATEGORIES: readonly SearchCategory[] = ['movies', 'tv', 'video', 'all']

export type Route =
  | { page: 'home' }
  | { page: 'results'; query: string; category: SearchCategory }
  | { page: 'player'; infoHash: string; fileIndex: number | null }
  | { page: 'library' }
  | { page: 'settings' }

export const DEFAULT_CATEGORY: SearchCategory = 'video'

export function parseHash(hash: string): Route {
  const [path = '', queryString = ''] = hash.replace(/^#/, '').split('?', 2)
  const parts = path.split('/').filter(Boolean)
  switch (parts[0]) {
    case 'results':
      return parseResults(new URLSearchParams(queryString))
    case 'player':
      return parsePlayer(parts[1], parts[2])
    case 'library':
      return { page: 'library' }
    case 'settings':
      return { page: 'settings' }
    default:
      return { page: 'home' }
  }
}

function parseResults(params: URLSearchParams): Route {
  const query = params.get('q')?.trim() ?? ''
  if (!query) return { page: 'home' }
  const c = params.get('c')
  const category = SEARCH_CATEGORIES.find((x) => x === c) ?? DEFAULT_CATEGORY
  return { page: 'results', query, category }
}

function parsePlayer(infoHash: string | undefined, index: string | undefined): Route {
  if (!infoHash || !/^[0-9a-f]{40}$/i.test(infoHash)) return { page: 'home' }
  const fileIndex = index !== undefined && /^\d{1,7}$/.test(index) ? Number(index) : null
  return { page: 'player', infoHash: infoHash.toLowerCase(), fileIndex }
}

export function routeToHash(route: Route): string {
  switch (route.page) {
    case 'home':
      return '#/'
    case 'results': {
      const params = new URLSearchParams({ q: route.query })
      if (route.category !== DEFAULT_CATEGORY) params.set('c', route.category)
      return `#/results?${params.toString()}`
    }
    case 'player':
      return route.fileIndex === null
        ? `#/player/${route.infoHash}`
        : `#/player/${route.infoHash}/${route.fileIndex}`
    case 'library':
      return '#/library'
    case 'settings':
      return '#/settings'
  }
}
