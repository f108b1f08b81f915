import { PeerwatchError } from '../engine/errors.js'

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

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB']

export function formatBytes(bytes: number): string {
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000
    unit++
  }
  return `${value.toFixed(unit === 0 || value >= 100 ? 0 : 1)} ${UNITS[unit]}`
}

export function printJsonLine(event: string, payload: object): void {
  process.stdout.write(`${JSON.stringify({ event, ...payload })}\n`)
}
