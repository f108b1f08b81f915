import { ApibayProvider } from './apibay.js'
import { InternetArchiveProvider } from './internet-archive.js'
import { DEFAULT_SEARCH_TIMEOUT_MS, type SearchProvider } from './provider.js'

export type { ApibayFile } from './apibay.js'
export { ApibayProvider } from './apibay.js'
export { InternetArchiveProvider } from './internet-archive.js'
export type { ProviderSearchOptions, SearchCategory, SearchProvider } from './provider.js'
export {
  DEFAULT_SEARCH_LIMIT,
  type SearchAllOptions,
  type SearchOutcome,
  searchAll,
} from './search-service.js'

export const DEFAULT_APIBAY_URL = 'https://apibay.org'
export const DEFAULT_ARCHIVE_URL = 'https://archive.org'

export interface SearchConfig {
  /** From settings; PEERWATCH_APIBAY_URL in `env` wins over it. */
  apibayUrl?: string
  env?: NodeJS.ProcessEnv
  /** Per request. Default: PEERWATCH_SEARCH_TIMEOUT_MS from `env`, else 10 s. */
  timeoutMs?: number
}

/** Every enabled provider, The Pirate Bay first (it wins ties when both list a torrent). */
export function createProviders(config: SearchConfig = {}): SearchProvider[] {
  const env = config.env ?? process.env
  const timeoutMs = config.timeoutMs ?? timeoutFromEnv(env) ?? DEFAULT_SEARCH_TIMEOUT_MS
  return [
    new ApibayProvider({
      baseUrl: nonEmpty(env.PEERWATCH_APIBAY_URL) ?? nonEmpty(config.apibayUrl) ?? DEFAULT_APIBAY_URL,
      timeoutMs,
    }),
    new InternetArchiveProvider({
      baseUrl: nonEmpty(env.PEERWATCH_ARCHIVE_URL) ?? DEFAULT_ARCHIVE_URL,
      timeoutMs,
    }),
  ]
}

function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim() : undefined
}

function timeoutFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const ms = Number(env.PEERWATCH_SEARCH_TIMEOUT_MS)
  return Number.isFinite(ms) && ms > 0 ? ms : undefined
}
