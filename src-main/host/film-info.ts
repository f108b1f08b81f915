import { type FilmInfo, IMDB_ID } from '../../src-shared/contract.js'
import { fetchJson, readCapped } from '../services/search/http-json.js'

export const DEFAULT_WIKIDATA_URL = 'https://query.wikidata.org'
const TIMEOUT_MS = 8000
const MAX_ANSWER_BYTES = 256 * 1024
const MAX_POSTER_BYTES = 400 * 1024
const MAX_POSTER_REDIRECTS = 3
/** Commons scales a file down to this width for us. */
const POSTER_WIDTH = 240
const POSTER_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp'])
/** Films looked up, kept for the session (answers and misses alike). */
const MAX_CACHED = 500

export interface FilmInfoOptions {
  /** Wikidata's query service (a stand-in in tests). */
  wikidataUrl?: string
  timeoutMs?: number
}

/**
 * What a film is, by its IMDb id, from Wikidata: its label, the year it came out, its one-line
 * description, and its poster (or failing that its image) from Wikimedia Commons, scaled down and
 * handed to the page as a data: URL so the page never reaches the internet itself. Everything
 * the answer holds is checked; a film Wikidata does not know, or a source that fails, is null.
 */
export class FilmInfoService {
  private readonly cache = new Map<string, Promise<FilmInfo | null>>()
  private readonly baseUrl: string
  private readonly timeoutMs: number

  constructor(options: FilmInfoOptions = {}) {
    this.baseUrl = (options.wikidataUrl ?? DEFAULT_WIKIDATA_URL).replace(/\/+$/, '')
    this.timeoutMs = options.timeoutMs ?? TIMEOUT_MS
  }

  lookup(imdb: string): Promise<FilmInfo | null> {
    // It goes into a query: only the shape the contract lets through.
    if (!IMDB_ID.test(imdb)) return Promise.resolve(null)
    let found = this.cache.get(imdb)
    if (!found) {
      found = this.fetchFilm(imdb).catch(() => null)
      this.cache.set(imdb, found)
      if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string)
    }
    return found
  }

  private async fetchFilm(imdb: string): Promise<FilmInfo | null> {
    const query = `SELECT ?itemLabel ?itemDescription ?poster ?image ?date WHERE {
  ?item wdt:P345 "${imdb}" .
  OPTIONAL { ?item wdt:P3383 ?poster }
  OPTIONAL { ?item wdt:P18 ?image }
  OPTIONAL { ?item wdt:P577 ?date }
  SERVICE wikibase:label { bd:serviceParam wikibase:language "en". }
} LIMIT 1`
    const answer = await fetchJson({
      url: `${this.baseUrl}/sparql?format=json&query=${encodeURIComponent(query)}`,
      source: 'Wikidata',
      timeoutMs: this.timeoutMs,
      maxBytes: MAX_ANSWER_BYTES,
    })
    const row = firstBinding(answer)
    if (!row) return null
    const title = text(row.itemLabel, 300)
    if (!title || title === imdb) return null
    const year = Number(text(row.date, 40)?.slice(0, 4))
    const pictureUrl = text(row.poster, 2000) ?? text(row.image, 2000)
    return {
      imdb,
      title,
      year: Number.isInteger(year) && year > 1800 && year < 3000 ? year : null,
      description: text(row.itemDescription, 300),
      poster: pictureUrl ? await this.fetchPoster(pictureUrl).catch(() => null) : null,
    }
  }

  /** A Commons file, asked for at POSTER_WIDTH, as a data: URL; only small JPEG, PNG or WebP. */
  private async fetchPoster(url: string): Promise<string | null> {
    const signal = AbortSignal.timeout(this.timeoutMs)
    let address = new URL(url)
    address.searchParams.set('width', String(POSTER_WIDTH))
    let response: Response
    // Commons answers a file's address with a redirect to its upload server: every hop is checked.
    for (let hops = 0; ; hops++) {
      if (!this.mayServePictures(address)) return null
      response = await fetch(address, { signal, redirect: 'manual' })
      const location = response.headers.get('location')
      if (response.status < 300 || response.status >= 400 || !location) break
      await response.body?.cancel().catch(() => {})
      if (hops === MAX_POSTER_REDIRECTS) return null
      address = new URL(location, address)
    }
    const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
    const declared = Number(response.headers.get('content-length') ?? 0)
    if (!response.ok || !POSTER_TYPES.has(type) || declared > MAX_POSTER_BYTES) {
      await response.body?.cancel().catch(() => {})
      return null
    }
    const bytes = await readCapped(response, MAX_POSTER_BYTES)
    return bytes ? `data:${type};base64,${Buffer.from(bytes).toString('base64')}` : null
  }

  /** Pictures come from Wikimedia (or the stand-in that answered), never from anywhere an answer names. */
  private mayServePictures(address: URL): boolean {
    if (address.protocol !== 'https:' && address.protocol !== 'http:') return false
    return address.host === new URL(this.baseUrl).host || /(^|\.)wikimedia\.org$/.test(address.hostname)
  }
}

type Binding = Record<string, { value?: unknown } | undefined>

function firstBinding(answer: unknown): Binding | null {
  const bindings = (answer as { results?: { bindings?: unknown } } | null)?.results?.bindings
  const first = Array.isArray(bindings) ? bindings[0] : null
  return first && typeof first === 'object' ? (first as Binding) : null
}

/** A string value of the answer, without control characters, cut to `max`; null if none. */
function text(cell: { value?: unknown } | undefined, max: number): string | null {
  const value = cell?.value
  if (typeof value !== 'string') return null
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, ' ').trim()
  return clean ? clean.slice(0, max) : null
}
