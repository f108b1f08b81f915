import type { ResolutionFilter } from '../../src-shared/release-name.js'
import { navigate } from '../store/navigation.js'
import type { SearchCategory } from '../store/routes.js'
import type { SearchSort } from '../store/search-slice.js'
import { useStore } from '../store/store.js'

const SORTS: Array<{ sort: SearchSort; label: string }> = [
  { sort: 'seeders', label: 'Seeders' },
  { sort: 'size', label: 'Size' },
  { sort: 'age', label: 'Newest' },
]

const CATEGORIES: Array<{ category: SearchCategory; label: string }> = [
  { category: 'movies', label: 'Movies' },
  { category: 'tv', label: 'TV' },
  { category: 'video', label: 'All video' },
  { category: 'all', label: 'Everything' },
]

const RESOLUTIONS: Array<{ resolution: ResolutionFilter; label: string }> = [
  { resolution: 'all', label: 'Any' },
  { resolution: '2160p', label: '4K (2160p)' },
  { resolution: '1080p', label: '1080p' },
  { resolution: '720p', label: '720p' },
  { resolution: 'sd', label: 'SD (480p and below)' },
]

export function ResultsToolbar({ query, category }: { query: string; category: SearchCategory }) {
  const sort = useStore((s) => s.search.sort)
  const setSort = useStore((s) => s.setSearchSort)
  const resolution = useStore((s) => s.search.resolution)
  const setResolution = useStore((s) => s.setSearchResolution)
  return (
    <div className="results-toolbar">
      <fieldset className="sort-buttons">
        <legend className="visually-hidden">Sort by</legend>
        <span className="muted">Sort by</span>
        {SORTS.map((s) => (
          <button
            key={s.sort}
            type="button"
            className="toggle"
            aria-pressed={sort === s.sort}
            onClick={() => setSort(s.sort)}
          >
            {s.label}
          </button>
        ))}
      </fieldset>
      <label className="category">
        <span className="muted">Resolution</span>
        <select value={resolution} onChange={(e) => setResolution(e.target.value as ResolutionFilter)}>
          {RESOLUTIONS.map((r) => (
            <option key={r.resolution} value={r.resolution}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      <label className="category">
        <span className="muted">Category</span>
        <select
          value={category}
          onChange={(e) =>
            navigate(
              { page: 'results', query, category: e.target.value as SearchCategory },
              { replace: true },
            )
          }
        >
          {CATEGORIES.map((c) => (
            <option key={c.category} value={c.category}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  )
}
