import { useState } from 'react'
import type { SearchResult } from '../../src-shared/contract.js'
import type { FilmIdentity } from '../../src-shared/film-identity.js'
import { releaseQuality } from '../../src-shared/release-name.js'
import { formatCount } from '../format.js'
import { useFilmInfo } from '../hooks/use-film-info.js'
import { ResultRow } from './result-row.js'

interface Props {
  identity: FilmIdentity
  /** Its copies, in the order the page sorts them. */
  copies: SearchResult[]
  now: number
  /** Open from the start (the only film found). */
  open?: boolean
}

/**
 * One film the search found: its title and year, a line about it and its poster where a public
 * source has them, then its copies to choose from. The person confirms the film first, then
 * the copy.
 */
export function FilmCard({ identity, copies, now, open: openAtFirst = false }: Props) {
  const film = useFilmInfo(identity.imdb)
  const [open, setOpen] = useState(openAtFirst)
  const title = film?.title ?? identity.title
  const year = film?.year ?? identity.year
  const best = copies[0]
  const bestQuality = best ? releaseQuality(best.name).resolution : null
  const headingId = `film-${identity.key.replace(/[^a-z0-9]+/gi, '-')}`
  return (
    <li className="film-card" aria-labelledby={headingId}>
      <div className="film-head">
        {film?.poster ? (
          <img className="film-poster" src={film.poster} alt={`Poster of ${title}`} />
        ) : (
          <div className="film-poster film-poster-none" aria-hidden="true" />
        )}
        <div className="film-about">
          <h2 id={headingId} className="film-title">
            {title}
            {year !== null && (
              <>
                {' '}
                <span className="muted">({year})</span>
              </>
            )}
          </h2>
          {film?.description && <p className="film-description">{film.description}</p>}
          <p className="muted">
            {copies.length} {copies.length === 1 ? 'copy' : 'copies'}
            {best && (
              <>
                {' '}
                · most shared: {bestQuality ? `${bestQuality}, ` : ''}
                {formatCount(best.seeders, 'seeder')}
              </>
            )}
          </p>
          <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? 'Hide the copies' : `Choose a copy of ${title}`}
          </button>
        </div>
      </div>
      {open && (
        <ol className="results film-copies" aria-label={`Copies of ${title}`}>
          {copies.map((r) => (
            <ResultRow key={`${r.provider}-${r.infoHash}`} result={r} now={now} />
          ))}
        </ol>
      )}
    </li>
  )
}
