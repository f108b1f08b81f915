import { IMDB_ID } from './contract.js'

/** Which film a release is: its IMDb id when the source gives one, else its title and year. */
export interface FilmIdentity {
  /** Groups releases of the same film. */
  key: string
  title: string
  year: number | null
  imdb: string | null
}

const YEAR = /^(.+?)[\s._([-]+((?:19|20)\d{2})(?=$|[\s._)\]-])/

/**
 * "Night.of.the.Living.Dead.1968.1080p.BluRay" -> Night of the Living Dead (1968). A name with
 * no year and no IMDb id says too little to be grouped: null.
 */
export function filmIdentity(name: string, imdb: string | null): FilmIdentity | null {
  const match = YEAR.exec(name.trim())
  const title = match ? tidyTitle(match[1] ?? '') : null
  const year = match ? Number(match[2]) : null
  const id = imdb && IMDB_ID.test(imdb) ? imdb : null
  if (id) return { key: id, title: title ?? tidyTitle(name), year, imdb: id }
  if (!title || year === null) return null
  return { key: `${title.toLowerCase()}|${year}`, title, year, imdb: null }
}

function tidyTitle(raw: string): string {
  return raw
    .replace(/[._]+/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/[\s([-]+$/, '')
    .trim()
}

export interface FilmGroup<T> {
  identity: FilmIdentity
  items: T[]
}

/**
 * Results of the same film under one identity, in the order their best result came; results
 * with no identity stay on their own (`identity` null).
 */
export function groupByFilm<T extends { name: string; imdb: string | null }>(
  results: readonly T[],
): Array<FilmGroup<T> | { identity: null; items: [T] }> {
  const groups: Array<FilmGroup<T> | { identity: null; items: [T] }> = []
  const byKey = new Map<string, FilmGroup<T>>()
  const titleYear = new Map<string, FilmGroup<T>>()
  for (const result of results) {
    const identity = filmIdentity(result.name, result.imdb)
    if (!identity) {
      groups.push({ identity: null, items: [result] })
      continue
    }
    // The same film named with and without its IMDb id still goes together, by title and year.
    const byName = identity.year !== null ? `${identity.title.toLowerCase()}|${identity.year}` : null
    const existing = byKey.get(identity.key) ?? (byName ? titleYear.get(byName) : undefined)
    if (existing) {
      existing.items.push(result)
      if (!existing.identity.imdb && identity.imdb)
        existing.identity = { ...existing.identity, imdb: identity.imdb }
      continue
    }
    const group: FilmGroup<T> = { identity, items: [result] }
    byKey.set(identity.key, group)
    if (byName) titleYear.set(byName, group)
    groups.push(group)
  }
  return groups
}
