import { createProviders, searchAll } from '../services/search/index.js'
import type { SearchHandler } from './host-api.js'

/** Searches every provider, The Pirate Bay at the mirror the settings name at the time of asking. */
export function providerSearch(env: NodeJS.ProcessEnv = process.env): SearchHandler {
  return ({ query, category, limit }, settings) =>
    searchAll(query, { category, limit }, createProviders({ apibayUrl: settings.apibayUrl, env }))
}
