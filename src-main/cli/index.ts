#!/usr/bin/env node
import { version } from '../../package.json'
import { runCleanup } from './cleanup-command.js'
import { runDoctor } from './doctor-command.js'
import { CliUsageError, printError } from './output.js'
import { runSearch } from './search-command.js'
import { runServe } from './serve-command.js'
import { runStream } from './stream-command.js'
import { asksForHelp, commandUsage, isCommandName, USAGE } from './usage.js'

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (isCommandName(command) && asksForHelp(rest)) {
    process.stdout.write(commandUsage(command))
    return 0
  }
  switch (command) {
    case 'stream':
      return runStream(rest)
    case 'search':
      return runSearch(rest)
    case 'cleanup':
      return runCleanup(rest)
    case 'serve':
      return runServe(rest)
    case 'doctor':
      return runDoctor(rest)
    case 'help':
      process.stdout.write(isCommandName(rest[0]) ? commandUsage(rest[0]) : USAGE)
      return 0
    case undefined:
    case '--help':
    case '-h':
      process.stdout.write(USAGE)
      return 0
    case 'version':
    case '--version':
    case '-V':
    case '-v':
      process.stdout.write(`peerwatch ${version}\n`)
      return 0
    default:
      throw new CliUsageError(`Unknown command "${command}". Run "peerwatch help".`)
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    printError(err)
    process.exitCode = err instanceof CliUsageError ? 2 : 1
  },
)
