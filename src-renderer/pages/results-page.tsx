import { useEffect } from 'react'
import type { SearchFailure, SearchResult } from '../../src-shared/contract.js'
import { groupByFilm } from '../../src-shared/film-identity.js'
import { useApi } from '../app/api-context.js'
import { FilmCard } from '../components/film-card.js'
import { ResultRow } from '../components/result-row.js'
import { ResultsToolbar } from '../components/results-toolbar.js'
import { SearchBox } from '../components/search-box.js'
import { useNow } from '../hooks/use-now.js'
import { runSearch } from '../store/commands.js'
import type { SearchCategory } from '../store/routes.js'
import { filterResults, sortResults } from '../store/search-slice.js'
import { useStore } from '../store/store.js'

export function ResultsPage({ query, category }: { query: string; category: SearchCategory }) {
  const api = useApi()
  useEffect(() => {
    const { search } = useStore.getState()
    // Coming back to the same search shows what we had instead of asking again.
    if (search.query === query && search.category === category && search.requestId > 0) return
    void runSearch(api, query, category)
  }, [api, query, category])

  return (
    <div className="results-page">
      <SearchBox key={query} initial={query} category={category} />
      <ResultsToolbar query={query} category={category} />
      <ResultsBody />
    </div>
  )
}

function ResultsBody() {
  const api = useApi()
  const search = useStore((s) => s.search)
  const now = useNow()
  if (search.loading) {
    return (
      <p className="loading" role="status">
        <span className="spinner" aria-hidden="true" /> Searching for “{search.query}”...
      </p>
    )
  }
  const retry = (
    <button type="button" onClick={() => void runSearch(api, search.query, search.category)}>
      Retry
    </button>
  )
  if (search.error) {
    return (
      <div className="panel panel-error" role="alert">
        <p>The search failed: {search.error.message}</p>
        {retry}
      </div>
    )
  }
  // "Nothing found" is for sources that answered with nothing, not for ones that did not answer.
  if (search.results.length === 0 && search.failures.length > 0) {
    return (
      <div className="panel panel-error" role="alert">
        <p>The search failed.</p>
        <ul>
          {search.failures.map((f) => (
            <li key={f.provider}>{f.message}</li>
          ))}
        </ul>
        {retry}
      </div>
    )
  }
  const shown = filterResults(search.results, search.resolution)
  return (
    <>
      <FailureNotice failures={search.failures} />
      {search.results.length === 0 ? (
        <p className="empty">Nothing found for “{search.query}”.</p>
      ) : shown.length === 0 ? (
        <p className="empty">
          None of the {search.results.length} results is in this resolution (as their names say).
        </p>
      ) : (
        <ResultList query={search.query} results={sortResults(shown, search.sort)} now={now} />
      )}
    </>
  )
}

/**
 * Copies of the same film under one card (by IMDb id, or title and year from their names), to
 * confirm the film before a copy; a result that names no film stays a plain row.
 */
function ResultList({ query, results, now }: { query: string; results: SearchResult[]; now: number }) {
  const groups = groupByFilm(results)
  return (
    <ol className="results" aria-label={`Results for ${query}`}>
      {groups.map((group) =>
        group.identity ? (
          <FilmCard
            key={group.identity.key}
            identity={group.identity}
            copies={group.items}
            now={now}
            open={groups.length === 1}
          />
        ) : (
          <ResultRow
            key={`${group.items[0].provider}-${group.items[0].infoHash}`}
            result={group.items[0]}
            now={now}
          />
        ),
      )}
    </ol>
  )
}

function FailureNotice({ failures }: { failures: SearchFailure[] }) {
  if (failures.length === 0) return null
  return (
    <ul className="notice" aria-label="Sources that did not answer">
      {failures.map((f) => (
        <li key={f.provider}>{f.message} The results below are from the other sources.</li>
      ))}
    </ul>
  )
}
