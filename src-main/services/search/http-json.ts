import { PeerwatchError } from '../../../src-shared/errors.js'
import { formatBytes } from '../../../src-shared/human-format.js'
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_SEARCH_TIMEOUT_MS, trimBaseUrl } from './provider.js'

export interface JsonRequest {
  url: string
  /** Who answers, as people call it: "The Pirate Bay". Every error sentence starts with it. */
  source: string
  timeoutMs: number
  maxBytes: number
  /** The caller giving up (the whole search was cancelled). */
  signal?: AbortSignal
}

/**
 * GETs a JSON document with a deadline covering the body too, a size cap enforced while the
 * body streams in, and a SEARCH_FAILED PeerwatchError naming the source for anything else:
 * no answer, an error status, a web page (block pages, Cloudflare), or text that is not JSON.
 */
export async function fetchJson(request: JsonRequest): Promise<unknown> {
  const deadline = AbortSignal.timeout(request.timeoutMs)
  const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline
  try {
    const response = await fetch(request.url, {
      signal,
      redirect: 'follow',
      headers: { accept: 'application/json' },
    })
    if (!response.ok) {
      await response.body?.cancel().catch(() => {})
      throw searchFailed(`${request.source} answered ${response.status}.`)
    }
    const text = await readText(response, request)
    return parseJson(text, response.headers.get('content-type') ?? '', request.source)
  } catch (err) {
    if (err instanceof PeerwatchError) throw err
    if (deadline.aborted) {
      throw searchFailed(`${request.source} did not answer within ${seconds(request.timeoutMs)}.`, err)
    }
    if (request.signal?.aborted) throw searchFailed('The search was cancelled.', err)
    throw searchFailed(`${request.source} could not be reached.`, err)
  }
}

export interface JsonSourceOptions {
  baseUrl: string
  timeoutMs?: number
  maxBytes?: number
}

/** One search server: its address, deadline and size cap, set once for every request to it. */
export class JsonSource {
  readonly baseUrl: string
  readonly timeoutMs: number
  private readonly maxBytes: number

  constructor(
    private readonly source: string,
    options: JsonSourceOptions,
  ) {
    this.baseUrl = trimBaseUrl(options.baseUrl)
    this.timeoutMs = options.timeoutMs ?? DEFAULT_SEARCH_TIMEOUT_MS
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES
  }

  /** GETs `path` (from the leading slash) below the base URL; see fetchJson. */
  get(path: string, signal?: AbortSignal): Promise<unknown> {
    return fetchJson({
      url: `${this.baseUrl}${path}`,
      source: this.source,
      timeoutMs: this.timeoutMs,
      maxBytes: this.maxBytes,
      signal,
    })
  }
}

export function searchFailed(message: string, cause?: unknown): PeerwatchError {
  return new PeerwatchError('SEARCH_FAILED', message, { cause })
}

/** "10 s", "0.3 s": the timeout as the person configured it. */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`
}

async function readText(response: Response, request: JsonRequest): Promise<string> {
  const tooLarge = (): PeerwatchError =>
    searchFailed(`${request.source} sent more than ${formatBytes(request.maxBytes)}; the answer was ignored.`)
  const declared = Number(response.headers.get('content-length') ?? 0)
  if (declared > request.maxBytes) {
    await response.body?.cancel().catch(() => {})
    throw tooLarge()
  }
  if (!response.body) return ''
  const body = await readCapped(response, request.maxBytes)
  if (!body) throw tooLarge()
  return Buffer.from(body).toString('utf8')
}

/** A response's body if it is at most `max` bytes; null (and the rest cancelled) if larger or absent. */
export async function readCapped(response: Response, max: number): Promise<Uint8Array | null> {
  const reader = response.body?.getReader()
  if (!reader) return null
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.length
    if (total > max) {
      await reader.cancel().catch(() => {})
      return null
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks)
}

function parseJson(text: string, contentType: string, source: string): unknown {
  const body = text.replace(/^\uFEFF/, '').trimStart()
  if (/text\/html/i.test(contentType) || body.startsWith('<')) {
    throw searchFailed(`${source} sent a web page instead of results.`)
  }
  try {
    return JSON.parse(body)
  } catch (err) {
    throw searchFailed(`${source} sent something that is not search results.`, err)
  }
}
