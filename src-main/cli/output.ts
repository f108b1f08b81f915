import { homedir } from 'node:os'
import { resolve } from 'node:path'
import { type ParseArgsConfig, parseArgs } from 'node:util'
import { PeerwatchError } from '../engine/errors.js'

export { formatBytes } from '../../src-preload/human-format.js'

/** Wrong command-line words: exit code 2 and a one-line hint. */
export class CliUsageError extends Error {}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>

/** node:util parseArgs with positionals; its several-line complaint becomes a one-line usage error. */
export function parseCommandLine<const O extends OptionsConfig>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options })
  } catch (err) {
    throw new CliUsageError((err instanceof Error ? err.message : String(err)).split('\n')[0])
  }
}

/** A folder given on the command line: `~` is the home folder, relative is from here. */
export function folderArgument(path: string): string {
  return resolve(path.replace(/^~(?=$|\/)/, homedir()))
}

/** One line on stderr, never a stack trace (set PEERWATCH_DEBUG=1 for one). */
export function printError(err: unknown): void {
  const message =
    err instanceof PeerwatchError || err instanceof CliUsageError
      ? err.message
      : String((err as Error)?.message ?? err)
  process.stderr.write(`peerwatch: ${message}\n`)
  if (process.env.PEERWATCH_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`)
}

export function printJsonLine(event: string, payload: object): void {
  process.stdout.write(`${JSON.stringify({ event, ...payload })}\n`)
}
