import { useEffect, useState } from 'react'
import type { Api, FilmInfo } from '../../src-shared/contract.js'
import { useApi } from '../app/api-context.js'

/** Films asked about in this page's life: every card of the same film asks once. */
const asked = new Map<string, Promise<FilmInfo | null>>()

function filmInfo(api: Api, imdb: string): Promise<FilmInfo | null> {
  let found = asked.get(imdb)
  if (!found) {
    found = api.request('film-info', { imdb }).then((r) => (r.ok ? r.value.film : null))
    asked.set(imdb, found)
  }
  return found
}

/** What the host knows of a film by its IMDb id (title, year, description, poster), or null. */
export function useFilmInfo(imdb: string | null): FilmInfo | null {
  const api = useApi()
  const [film, setFilm] = useState<FilmInfo | null>(null)
  useEffect(() => {
    if (!imdb) return
    let current = true
    void filmInfo(api, imdb).then((found) => {
      if (current) setFilm(found)
    })
    return () => {
      current = false
    }
  }, [api, imdb])
  return imdb ? film : null
}
