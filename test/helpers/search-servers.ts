import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { join } from 'node:path'
import { expect } from 'vitest'
import { closeServer, listen } from '../../src-main/engine/server-listen.js'
import { PeerwatchError } from '../../src-shared/errors.js'
import { REPO_ROOT } from './cli-process.js'

/** What a fake site does with one request. */
export type Reply =
  | { kind: 'body'; status: number; contentType: string; body: string | Uint8Array; delayMs?: number }
  /** Accepts the request and never answers. */
  | { kind: 'hang' }
  /** Streams this many bytes of a JSON array; `declared` also sends Content-Length. */
  | { kind: 'huge'; bytes: number; declared: boolean }
  /** A 302 to `location`. */
  | { kind: 'redirect'; location: string }

export function json(body: unknown, status = 200, delayMs?: number): Reply {
  return { kind: 'body', status, contentType: 'application/json', body: JSON.stringify(body), delayMs }
}

export function text(body: string, contentType: string, status = 200): Reply {
  return { kind: 'body', status, contentType, body }
}

export function bytes(body: Uint8Array, contentType: string, status = 200): Reply {
  return { kind: 'body', status, contentType, body }
}

export const HANG: Reply = { kind: 'hang' }

export function redirect(location: string): Reply {
  return { kind: 'redirect', location }
}

export function huge(bytes: number, declared: boolean): Reply {
  return { kind: 'huge', bytes, declared }
}

/** A Cloudflare-style block page, as search APIs send when they refuse to answer. */
export const BLOCK_PAGE = text(
  '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>',
  'text/html; charset=UTF-8',
  200,
)

export interface FakeSite {
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string
  /** Every request, in order. */
  requests: URL[]
  /** The routing in force; tests swap it to make the site fail. */
  route: (url: URL) => Reply
  /** Requests being answered right now, and the most there ever were at once. */
  inFlight: number
  maxInFlight: number
  close(): Promise<void>
}

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'search')

/** A captured response shape from test/fixtures/search (see its README). */
export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T
}

/** A local HTTP server on 127.0.0.1 answering each request as `route` says. */
export async function startFakeSite(route: (url: URL) => Reply): Promise<FakeSite> {
  const server = createServer()
  const site: FakeSite = {
    url: '',
    requests: [],
    route,
    inFlight: 0,
    maxInFlight: 0,
    close: () => closeServer(server),
  }
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', site.url)
    site.requests.push(url)
    site.inFlight++
    site.maxInFlight = Math.max(site.maxInFlight, site.inFlight)
    res.once('close', () => site.inFlight--)
    answer(site.route(url), res)
  })
  site.url = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`
  return site
}

function answer(reply: Reply, res: ServerResponse): void {
  if (reply.kind === 'hang') return
  if (reply.kind === 'redirect') {
    res.writeHead(302, { location: reply.location })
    res.end()
    return
  }
  if (reply.kind === 'huge') {
    streamHuge(reply.bytes, reply.declared, res)
    return
  }
  const send = (): void => {
    res.writeHead(reply.status, { 'content-type': reply.contentType })
    res.end(reply.body)
  }
  if (reply.delayMs) setTimeout(send, reply.delayMs)
  else send()
}

/** A valid-looking JSON array that goes on and on, written as fast as the client reads. */
function streamHuge(bytes: number, declared: boolean, res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'application/json',
    ...(declared ? { 'content-length': String(bytes) } : {}),
  })
  const row = Buffer.from(`${JSON.stringify({ id: '1', name: 'x'.repeat(1000) })},`)
  let sent = 0
  res.write('[')
  const pump = (): void => {
    while (sent < bytes && !res.destroyed) {
      sent += row.length
      if (!res.write(row)) {
        res.once('drain', pump)
        return
      }
    }
    if (!res.destroyed) res.end()
  }
  pump()
}

/** apibay.org: q.php answers `rows`, f.php answers the captured file list. */
export function apibayRoute(rows: unknown = fixture('apibay-q.json')): (url: URL) => Reply {
  return (url) => {
    if (url.pathname === '/q.php') return json(rows)
    if (url.pathname === '/f.php') return json(fixture('apibay-files.json'))
    return text('Not Found', 'text/plain', 404)
  }
}

/** archive.org: advancedsearch answers `search`; /metadata/<id> answers `metadata[id]` or [] (unknown item). */
export function archiveRoute(
  search: unknown = fixture('archive-advancedsearch.json'),
  metadata: Record<string, unknown> = { NightOfTheLivingDeadColorized: fixture('archive-metadata.json') },
): (url: URL) => Reply {
  return (url) => {
    if (url.pathname === '/advancedsearch.php') return json(search)
    const item = /^\/metadata\/([^/]+)$/.exec(url.pathname)?.[1]
    if (item) return json(metadata[decodeURIComponent(item)] ?? [])
    return text('Not Found', 'text/plain', 404)
  }
}

/** An advancedsearch answer with these docs. */
export function archiveSearchAnswer(docs: unknown[]): unknown {
  return { responseHeader: { status: 0, QTime: 3 }, response: { numFound: docs.length, start: 0, docs } }
}

/** A q.php row with the given fields over plausible defaults. */
export function apibayRow(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    id: '70000001',
    name: 'Some Film (2001) 1080p',
    info_hash: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678',
    leechers: '1',
    seeders: '1',
    num_files: '1',
    size: '1000000',
    username: 'someone',
    added: '1700000000',
    status: 'member',
    category: '201',
    imdb: '',
    ...fields,
  }
}

/** The rejection of `promise`, checked to be a SEARCH_FAILED PeerwatchError. */
export async function searchFailure(promise: Promise<unknown>): Promise<PeerwatchError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(PeerwatchError)
  expect((err as PeerwatchError).code).toBe('SEARCH_FAILED')
  return err as PeerwatchError
}

/**
 * Wikidata's query service as Peerwatch asks it (one film by IMDb id), and Commons' file path
 * for its poster: `films` maps an IMDb id to its answer's row; `/poster/<name>` answers `poster`.
 */
export function wikidataRoute(
  films: Record<string, { label: string; description?: string; date?: string; poster?: string }>,
  poster: Reply = text('Not Found', 'text/plain', 404),
): (url: URL) => Reply {
  return (url) => {
    if (url.pathname === '/sparql') {
      const imdb = /wdt:P345 "(tt\d+)"/.exec(url.searchParams.get('query') ?? '')?.[1] ?? ''
      const film = films[imdb]
      const row = film
        ? {
            itemLabel: { type: 'literal', value: film.label },
            ...(film.description ? { itemDescription: { type: 'literal', value: film.description } } : {}),
            ...(film.date ? { date: { type: 'literal', value: film.date } } : {}),
            ...(film.poster ? { poster: { type: 'uri', value: film.poster } } : {}),
          }
        : null
      return json({ head: { vars: [] }, results: { bindings: row ? [row] : [] } })
    }
    if (url.pathname.startsWith('/poster/')) return poster
    return text('Not Found', 'text/plain', 404)
  }
}
