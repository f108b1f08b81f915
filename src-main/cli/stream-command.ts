import { homedir } from 'node:os'
import { EVENT_CHANNELS, type EventPayload, MIN_MEMORY_BUDGET_MB } from '../../src-shared/contract.js'
import { PeerwatchError, toApiError } from '../../src-shared/errors.js'
import { formatCount } from '../../src-shared/human-format.js'
import { describeMediaInfo } from '../../src-shared/media-labels.js'
import { Engine } from '../engine/engine.js'
import { DEFAULT_IDLE_CLOSE_SECONDS, DEFAULT_MEMORY_BUDGET_MB } from '../engine/engine-options.js'
import { inProcessPortPair } from '../engine/port.js'
import { resolveTorrentId } from '../engine/torrent-id.js'
import { connectEngine, serveEngine } from '../engine/worker.js'
import { withMedia } from '../media/index.js'
import { defaultDataDir, defaultDownloadDir } from '../services/data-dir.js'
import {
  findVlc,
  isExecutableFile,
  launchPlayer,
  playerNotFoundMessage,
} from '../services/external-player.js'
import { DEFAULT_SEARCH_LIMIT, type SearchCategory } from '../services/search/index.js'
import {
  CliUsageError,
  folderArgument,
  formatBytes,
  parseCommandLine,
  printError,
  printJsonLine,
} from './output.js'
import { noSourceAnswered, searchCategory, searchFromCli, terminalSafe } from './search-command.js'

interface StreamArgs {
  torrentId: string
  /** `--pick N`: the torrent is row N of a search for `torrentId`'s words. */
  pick: { row: number; category: SearchCategory; dataDir: string } | null
  file: { fileIndex: number } | { fileName: string } | Record<string, never>
  json: boolean
  memory: boolean
  memoryBudgetMb: number
  idleSeconds: number
  downloadDir: string
  discovery: boolean
  vlc: boolean
}

/** `peerwatch stream`: the engine in this process, spoken to over the same protocol as the app. */
export async function runStream(argv: string[]): Promise<number> {
  const args = parseStreamArgs(argv)
  if (args.pick) {
    const picked = await pickFromSearch(args.torrentId, args.pick)
    if (picked instanceof Error) return reportFailure(picked, args.json)
    args.torrentId = picked
  }
  // A link that cannot work fails here, before the engine joins any swarm or DHT.
  if (!/^https?:\/\//i.test(args.torrentId)) {
    const problem = await resolveTorrentId(args.torrentId).then(
      () => null,
      (err: unknown) => err,
    )
    if (problem) return reportFailure(problem, args.json)
  }
  const engine = withMedia(
    await Engine.start({
      downloadDir: args.downloadDir,
      store: args.memory ? 'memory' : 'disk',
      memoryBudgetBytes: args.memoryBudgetMb * 1024 * 1024,
      idleSeconds: args.idleSeconds,
      discovery: args.discovery,
    }),
  )
  const [enginePort, cliPort] = inProcessPortPair()
  serveEngine(engine, enginePort)
  const api = connectEngine(cliPort)
  return new Promise<number>((resolveExit) => {
    let finished = false
    const finish = (code: number): void => {
      if (finished) return
      finished = true
      void engine.close().finally(() => resolveExit(code))
    }
    process.once('SIGINT', () => finish(0))
    process.once('SIGTERM', () => finish(0))
    const report = args.json ? reportJson : reportHuman()
    for (const channel of EVENT_CHANNELS) api.on(channel, (payload) => report(channel, payload))
    api.on('wt-error', () => finish(1))
    api.on('wt-idle-closed', () => finish(0))
    if (args.vlc) api.on('wt-server-running', (p) => void openInVlc(p, finish))
    void api.request('wt-add', { torrentId: args.torrentId, ...args.file }).then((result) => {
      if (result.ok) return
      finish(reportFailure(new PeerwatchError(result.error.code, result.error.message), args.json))
    })
  })
}

/** A failure before streaming starts: an NDJSON wt-error with --json, one stderr line without. */
function reportFailure(err: unknown, json: boolean): number {
  if (json) printJsonLine('wt-error', toApiError(err))
  else printError(err)
  return 1
}

/** Row `row` (from 1) of what `peerwatch search <words>` lists: its magnet, or why there is none. */
async function pickFromSearch(
  words: string,
  pick: NonNullable<StreamArgs['pick']>,
): Promise<string | PeerwatchError> {
  const { results, failures, providers } = await searchFromCli(
    // The rows `peerwatch search` shows by default, numbered the same.
    {
      query: words,
      category: pick.category,
      limit: Math.max(DEFAULT_SEARCH_LIMIT, pick.row),
      dataDir: pick.dataDir,
    },
    process.env,
  )
  if (failures.length > 0 && failures.length === providers.length)
    return new PeerwatchError('SEARCH_FAILED', noSourceAnswered(failures))
  const result = results[pick.row - 1]
  if (!result) {
    const found = results.length === 0 ? 'found nothing' : `found ${formatCount(results.length, 'result')}`
    return new PeerwatchError(
      'NO_SUCH_TORRENT',
      `The search for "${terminalSafe(words)}" ${found}: there is no row ${pick.row}.`,
    )
  }
  process.stderr.write(
    `${pick.row}: ${terminalSafe(result.name)} (${formatBytes(result.size)}, ${formatCount(result.seeders, 'seeder')})\n`,
  )
  return result.magnet
}

const MAX_PICK_ROW = 500

function parseStreamArgs(argv: string[]): StreamArgs {
  const parsed = parseOptions(argv)
  const { values, positionals } = parsed
  const pick = values.pick === undefined ? null : pickRow(values.pick)
  const words = positionals.join(' ').trim()
  if (pick !== null && !words)
    throw new CliUsageError(
      'stream --pick takes what to search for, e.g. peerwatch stream --pick 1 "big buck bunny".',
    )
  if (pick === null && (positionals.length !== 1 || !positionals[0])) {
    throw new CliUsageError('stream takes one magnet link, infohash, .torrent URL or .torrent file.')
  }
  const file = values.file
  return {
    torrentId: pick === null ? (positionals[0] as string) : words,
    pick:
      pick === null
        ? null
        : {
            row: pick,
            category: searchCategory(values.category),
            dataDir: values['data-dir'] ? folderArgument(values['data-dir']) : defaultDataDir(),
          },
    file: file === undefined ? {} : /^\d+$/.test(file) ? { fileIndex: Number(file) } : { fileName: file },
    json: values.json ?? false,
    memory: values.memory ?? false,
    memoryBudgetMb: memoryBudget(values['memory-budget'] ?? String(DEFAULT_MEMORY_BUDGET_MB)),
    idleSeconds: positiveNumber(values.idle ?? String(DEFAULT_IDLE_CLOSE_SECONDS), '--idle'),
    downloadDir: values['download-dir'] ? folderArgument(values['download-dir']) : defaultDownloadDir(),
    discovery: !(values['no-dht'] ?? false),
    vlc: values.vlc ?? false,
  }
}

function parseOptions(argv: string[]) {
  return parseCommandLine('stream', argv, {
    file: { type: 'string' },
    json: { type: 'boolean' },
    memory: { type: 'boolean' },
    'memory-budget': { type: 'string' },
    idle: { type: 'string' },
    'download-dir': { type: 'string' },
    'no-dht': { type: 'boolean' },
    vlc: { type: 'boolean' },
    pick: { type: 'string' },
    category: { type: 'string' },
    'data-dir': { type: 'string' },
  })
}

function pickRow(text: string): number {
  const row = Number(text)
  if (!/^\d+$/.test(text) || row < 1 || row > MAX_PICK_ROW)
    throw new CliUsageError(`--pick takes a row number of the search, 1 to ${MAX_PICK_ROW}, not "${text}".`)
  return row
}

function memoryBudget(text: string): number {
  const mb = positiveNumber(text, '--memory-budget')
  if (mb < MIN_MEMORY_BUDGET_MB) {
    throw new CliUsageError(
      `--memory-budget must be at least ${MIN_MEMORY_BUDGET_MB} (MB): a few pieces have to fit.`,
    )
  }
  return mb
}

function positiveNumber(text: string, flag: string): number {
  const value = Number(text)
  if (!Number.isFinite(value) || value <= 0)
    throw new CliUsageError(`${flag} takes a positive number, not "${text}".`)
  return value
}

function reportJson(channel: string, payload: object): void {
  printJsonLine(channel, payload)
}

function reportHuman(): (channel: string, payload: object) => void {
  const tty = process.stderr.isTTY
  return (channel, payload) => {
    if (channel === 'wt-infohash') process.stderr.write('Fetching the file list from peers...\n')
    if (channel === 'wt-metadata') {
      const m = payload as EventPayload<'wt-metadata'>
      process.stderr.write(`${m.name}: ${formatCount(m.files.length, 'file')}, ${formatBytes(m.length)}\n`)
    }
    if (channel === 'wt-server-running') {
      const s = payload as EventPayload<'wt-server-running'>
      process.stdout.write(`${s.url}\n`)
      for (const sub of s.subtitles) process.stderr.write(`subtitles ${sub.name}: ${sub.url}\n`)
    }
    if (channel === 'wt-media-info') {
      const m = payload as EventPayload<'wt-media-info'>
      if (m.info) process.stderr.write(`${describeMediaInfo(m.info)}\n`)
      else if (m.problem) process.stderr.write(`warning: ${m.problem.message}\n`)
    }
    if (channel === 'wt-progress' && tty) {
      const p = payload as EventPayload<'wt-progress'>
      const line = `${(p.progress * 100).toFixed(1)}%  down ${formatBytes(p.downloadSpeed)}/s  up ${formatBytes(p.uploadSpeed)}/s  ${p.sendingPeers} of ${formatCount(p.peers, 'peer')} sending`
      process.stderr.write(`\r${line.padEnd(70)}`)
    }
    if (channel === 'wt-warning')
      process.stderr.write(`\nwarning: ${(payload as { message: string }).message}\n`)
    if (channel === 'wt-error') printError(new Error((payload as { message: string }).message))
    if (channel === 'wt-idle-closed') process.stderr.write('\nNobody is watching any more: closed.\n')
  }
}

async function openInVlc(
  stream: EventPayload<'wt-server-running'>,
  finish: (code: number) => void,
): Promise<void> {
  const vlc = await findVlc({
    platform: process.platform,
    env: process.env,
    home: homedir(),
    isExecutable: isExecutableFile,
  })
  if (!vlc) {
    // --vlc reads no Settings: the other way out is any player.
    printError(new Error(playerNotFoundMessage('', 'open the URL in any player')))
    return finish(1)
  }
  const child = launchPlayer(vlc, stream.url, decodeURIComponent(stream.url.split('/').pop() ?? 'Peerwatch'))
  child.once('error', (err) => {
    printError(new Error(`Could not start VLC: ${err.message}`))
    finish(1)
  })
  child.once('exit', () => finish(0))
}
