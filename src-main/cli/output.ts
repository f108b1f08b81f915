import { homedir } from 'node:os'
import { resolve } from 'node:path'
import { type ParseArgsConfig, parseArgs } from 'node:util'
import { PeerwatchError } from '../../src-shared/errors.js'

export { formatBytes } from '../../src-shared/human-format.js'

/** Wrong command-line words: exit code 2 and a one-line hint. */
export class CliUsageError extends Error {}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>

/**
 * node:util parseArgs with positionals, its complaints as one plain line. A value that starts
 * with a dash (`--older-than -5h`) is taken as the value, so the option's own check can say
 * what is wrong with it instead of parseArgs calling it ambiguous.
 */
export function parseCommandLine<const O extends OptionsConfig>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: dashedValuesJoined(argv, options), allowPositionals: true, options })
  } catch (err) {
    throw new CliUsageError(plainParseError(command, err))
  }
}

function dashedValuesJoined(argv: string[], options: OptionsConfig): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string
    const next = argv[i + 1]
    const name = word.startsWith('--') ? word.slice(2) : null
    const takesValue = name !== null && options[name]?.type === 'string'
    if (takesValue && next?.startsWith('-') && next !== '--' && !isOption(next, options)) {
      out.push(`${word}=${next}`)
      i++
    } else {
      out.push(word)
    }
  }
  return out
}

function isOption(word: string, options: OptionsConfig): boolean {
  const name = word.replace(/^--?/, '').split('=')[0] ?? ''
  return Object.hasOwn(options, name) || Object.values(options).some((o) => o.short === name)
}

function plainParseError(command: string, err: unknown): string {
  const code = (err as { code?: string })?.code
  const message = err instanceof Error ? err.message : String(err)
  const option = /'(-[^' ]+)/.exec(message)?.[1] ?? ''
  const help = `Run "peerwatch ${command} --help".`
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `${command} has no option "${option}". ${help}`
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
    return message.includes('does not take')
      ? `${option} takes no value. ${help}`
      : `${option} needs a value. ${help}`
  return `${message.split('\n')[0]} ${help}`
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
