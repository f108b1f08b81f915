import type { SearchFailure, SearchResult } from '../../src-shared/contract.js'
import { formatAge, formatBytes } from '../../src-shared/human-format.js'
import { defaultDataDir } from '../services/data-dir.js'
import {
  createProviders,
  DEFAULT_SEARCH_LIMIT,
  type SearchCategory,
  type SearchProvider,
  searchAll,
} from '../services/search/index.js'
import { CliUsageError, folderArgument, parseCommandLine } from './output.js'
import { savedSetting } from './saved-settings.js'

export interface SearchCommandIo {
  stdout: { write(text: string): unknown; columns?: number }
  stderr: { write(text: string): unknown }
  env: NodeJS.ProcessEnv
  /** Epoch ms, for "3 days ago". */
  now?: () => number
}

interface SearchArgs {
  query: string
  json: boolean
  category: SearchCategory
  limit: number
  dataDir: string
}

const CATEGORIES: readonly SearchCategory[] = ['movies', 'tv', 'video', 'all']
const MAX_QUERY_LENGTH = 200
const MAX_LIMIT = 500

/**
 * `peerwatch search`: every provider at once, merged and sorted by seeders. Exit 0 with results
 * or with nothing found, 1 when no provider could answer, 2 for wrong command-line words.
 */
export async function runSearch(
  argv: string[],
  io: SearchCommandIo = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  let args: SearchArgs
  try {
    args = parseSearchArgs(argv, io.env)
  } catch (err) {
    if (!(err instanceof CliUsageError)) throw err
    io.stderr.write(`peerwatch: ${err.message}\n`)
    return 2
  }
  const { results, failures, providers } = await searchFromCli(args, io.env)
  if (failures.length > 0 && failures.length === providers.length) {
    io.stderr.write(`peerwatch: ${noSourceAnswered(failures)}\n`)
    return 1
  }
  for (const failure of failures) io.stderr.write(`peerwatch: ${failure.message}\n`)
  if (args.json) {
    io.stdout.write(`${JSON.stringify(results, null, 2)}\n`)
  } else if (results.length === 0) {
    io.stdout.write(`Nothing found for "${terminalSafe(args.query)}".\n`)
  } else {
    const columns = io.stdout.columns ?? 120
    io.stdout.write(formatTable(results, providers, io.now?.() ?? Date.now(), columns))
  }
  return 0
}

/** The search `peerwatch search` prints, for `stream --pick` to take a row of. */
export async function searchFromCli(
  args: Pick<SearchArgs, 'query' | 'category' | 'limit' | 'dataDir'>,
  env: NodeJS.ProcessEnv,
): Promise<{ results: SearchResult[]; failures: SearchFailure[]; providers: SearchProvider[] }> {
  const providers = createProviders({
    apibayUrl: await savedSetting(args.dataDir, 'apibayUrl', env),
    env,
  })
  const { results, failures } = await searchAll(
    args.query,
    { category: args.category, limit: args.limit },
    providers,
  )
  return { results, failures, providers }
}

export function noSourceAnswered(failures: SearchFailure[]): string {
  return `No source answered. ${failures.map((f) => f.message).join(' ')}`
}

/** `--category`, checked. */
export function searchCategory(text: string | undefined): SearchCategory {
  return category(text ?? 'video')
}

function parseSearchArgs(argv: string[], env: NodeJS.ProcessEnv): SearchArgs {
  const parsed = parseOptions(argv)
  const { values, positionals } = parsed
  // Unquoted words are one query: `peerwatch search night of the living dead`.
  const query = positionals.join(' ').trim()
  if (!query)
    throw new CliUsageError('search takes what to look for, e.g. peerwatch search "big buck bunny".')
  if (query.length > MAX_QUERY_LENGTH)
    throw new CliUsageError(`The search is too long: at most ${MAX_QUERY_LENGTH} characters.`)
  return {
    query,
    json: values.json ?? false,
    category: category(values.category ?? 'video'),
    limit: limit(values.limit ?? String(DEFAULT_SEARCH_LIMIT)),
    dataDir: values['data-dir'] ? folderArgument(values['data-dir']) : defaultDataDir(env),
  }
}

function parseOptions(argv: string[]) {
  return parseCommandLine('search', argv, {
    json: { type: 'boolean' },
    category: { type: 'string' },
    limit: { type: 'string' },
    'data-dir': { type: 'string' },
  })
}

function category(text: string): SearchCategory {
  const found = CATEGORIES.find((name) => name === text)
  if (!found) throw new CliUsageError(`--category takes ${CATEGORIES.join(', ')}, not "${text}".`)
  return found
}

function limit(text: string): number {
  const value = Number(text)
  if (!/^\d+$/.test(text) || value < 1 || value > MAX_LIMIT)
    throw new CliUsageError(`--limit takes a whole number from 1 to ${MAX_LIMIT}, not "${text}".`)
  return value
}

// ---- the human table ----------------------------------------------------------------------

interface Column {
  title: string
  cells: string[]
  alignRight?: boolean
}

/** NAME takes what the terminal has left once the other columns are as wide as their content. */
function formatTable(
  results: SearchResult[],
  providers: readonly SearchProvider[],
  now: number,
  columns: number,
): string {
  // Sentences say "The Pirate Bay answered 500."; a column just needs the name.
  const labels = new Map(providers.map((p) => [p.id, p.label.replace(/^The /, '')]))
  const fixed: Column[] = [
    { title: 'SIZE', cells: results.map((r) => formatBytes(r.size)), alignRight: true },
    { title: 'SEEDS', cells: results.map((r) => String(r.seeders)), alignRight: true },
    { title: 'PEERS', cells: results.map((r) => String(r.leechers)), alignRight: true },
    { title: 'ADDED', cells: results.map((r) => timeAgo(r.added, now)) },
    { title: 'SOURCE', cells: results.map((r) => labels.get(r.provider) ?? r.provider) },
  ]
  const widths = fixed.map((column) => Math.max(column.title.length, ...column.cells.map(width)))
  const used = widths.reduce((sum, w) => sum + w + GAP.length, String(results.length).length + GAP.length)
  const nameWidth = Math.max(MIN_NAME_WIDTH, Math.min(MAX_NAME_WIDTH, columns - 1 - used))
  const rowNumbers = results.map((_, i) => String(i + 1))
  const numberWidth = Math.max(1, ...rowNumbers.map(width))
  const table: Array<Column & { width: number }> = [
    { title: '#', cells: rowNumbers, width: numberWidth, alignRight: true },
    { title: 'NAME', cells: results.map((r) => terminalSafe(r.name)), width: nameWidth },
    ...fixed.map((column, i) => ({ ...column, width: widths[i] ?? 0 })),
  ]
  const line = (cells: string[]): string =>
    table
      .map((column, i) => fitCell(cells[i] ?? '', column.width, column.alignRight))
      .join(GAP)
      .trimEnd()
  const rows = results.map((_, row) => line(table.map((column) => column.cells[row] ?? '')))
  return `${[line(table.map((column) => column.title)), ...rows].join('\n')}\n`
}

const GAP = '  '
const MIN_NAME_WIDTH = 20
const MAX_NAME_WIDTH = 100

function width(text: string): number {
  return [...text].length
}

/** Cut to `size` characters with an ellipsis, then pad. Counts code points, not UTF-16 units. */
function fitCell(text: string, size: number, alignRight = false): string {
  const chars = [...text]
  const cut = chars.length > size ? `${chars.slice(0, size - 1).join('')}…` : text
  const padding = ' '.repeat(Math.max(0, size - width(cut)))
  return alignRight ? padding + cut : cut + padding
}

/** Names come from strangers: no control characters or direction overrides reach the terminal. */
export function terminalSafe(text: string): string {
  return [...text].map((ch) => (isUnsafeForTerminal(ch.codePointAt(0) ?? 0) ? ' ' : ch)).join('')
}

function isUnsafeForTerminal(code: number): boolean {
  const control = code < 0x20 || (code >= 0x7f && code <= 0x9f)
  const bidi =
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  return control || bidi
}

/** "3 days ago", "1 year ago"; "-" when the source does not say. */
export function timeAgo(iso: string | null, now: number): string {
  return formatAge(iso, now, '-')
}
