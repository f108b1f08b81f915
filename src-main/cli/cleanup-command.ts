import { formatBytes, formatCount } from '../../src-shared/human-format.js'
import { type DownloadSweep, sweepDownloadDir } from '../host/download-sweep.js'
import { defaultDataDir, defaultDownloadDir } from '../services/data-dir.js'
import { CliUsageError, folderArgument, parseCommandLine } from './output.js'
import { savedSetting } from './saved-settings.js'

interface CleanupArgs {
  olderThanMs: number
  dryRun: boolean
  json: boolean
  /** From --download-dir; otherwise the app's setting, otherwise the default folder. */
  downloadDir: string | null
}

const DEFAULT_OLDER_THAN = '24h'

/** `peerwatch cleanup`: delete downloads nothing has used for a while (cron-friendly). */
export async function runCleanup(argv: string[]): Promise<number> {
  const args = parseCleanupArgs(argv)
  const downloadDir =
    args.downloadDir ?? (await savedSetting(defaultDataDir(), 'downloadDir')) ?? defaultDownloadDir()
  const sweep = await sweepDownloadDir(downloadDir, { olderThanMs: args.olderThanMs, dryRun: args.dryRun })
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ downloadDir, dryRun: args.dryRun, ...sweep })}\n`)
  } else {
    process.stdout.write(report(sweep, args.dryRun))
  }
  return 0
}

function report({ removed, kept }: DownloadSweep, dryRun: boolean): string {
  const verb = dryRun ? 'Would remove' : 'Removed'
  const lines = removed.map((r) => `${verb} ${r.name} (${formatBytes(r.bytes)})`)
  const freed = removed.reduce((sum, r) => sum + r.bytes, 0)
  const open = kept.filter((k) => k.reason === 'open').length
  const keptText = `kept ${formatCount(kept.length, 'download')} (${open} open, ${kept.length - open} recent)`
  const summary =
    removed.length === 0
      ? `Nothing to remove; ${keptText}.`
      : `${dryRun ? 'Would free' : 'Freed'} ${formatBytes(freed)} from ${formatCount(removed.length, 'download')}; ${keptText}.`
  return `${[...lines, summary].join('\n')}\n`
}

function parseCleanupArgs(argv: string[]): CleanupArgs {
  const { values, positionals } = parseCommandLine('cleanup', argv, {
    'older-than': { type: 'string' },
    'dry-run': { type: 'boolean' },
    'download-dir': { type: 'string' },
    json: { type: 'boolean' },
  })
  if (positionals.length > 0)
    throw new CliUsageError(`cleanup takes no arguments, only options ("${positionals[0]}").`)
  return {
    olderThanMs: durationMs(values['older-than'] ?? DEFAULT_OLDER_THAN),
    dryRun: values['dry-run'] ?? false,
    json: values.json ?? false,
    downloadDir: values['download-dir'] ? folderArgument(values['download-dir']) : null,
  }
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** "24h", "90m", "2d", "30s"; a bare number is hours. */
export function durationMs(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/i.exec(text)
  const amount = Number(match?.[1])
  if (!match || !(amount > 0)) {
    throw new CliUsageError(`--older-than takes a duration like 24h, 90m or 2d, not "${text}".`)
  }
  return amount * (UNIT_MS[(match[2] || 'h').toLowerCase()] ?? UNIT_MS.h ?? 0)
}
