import { PeerwatchError } from '../engine/errors.js'

export { formatBytes } from '../../src-preload/human-format.js'

/** Wrong command-line words: exit code 2 and a one-line hint. */
export class CliUsageError extends Error {}

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
