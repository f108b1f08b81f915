#!/usr/bin/env node
import { runCleanup } from './cleanup-command.js'
import { runDoctor } from './doctor-command.js'
import { CliUsageError, printError } from './output.js'
import { runSearch } from './search-command.js'
import { runServe } from './serve-command.js'
import { runStream } from './stream-command.js'

const USAGE = `Usage: peerwatch <command> [options]

Commands:
  stream <magnet|infohash|torrent-url|file.torrent>   stream a torrent over HTTP while it downloads
      --file INDEX|NAME    the file to play (default: the largest video)
      --json               print engine events as NDJSON, one per line
      --memory             keep pieces in a bounded memory store instead of on disk
      --memory-budget MB   the memory store's budget (default 80)
      --idle SECONDS       close the torrent after this long without a request (default 180)
      --download-dir DIR   where downloads go (default: the Peerwatch data folder)
      --no-dht             no DHT, local discovery or port mapping: only trackers and peers in the link
      --vlc                open the stream in VLC; exit when VLC exits
  search <words...>        search The Pirate Bay and the Internet Archive (most seeders first)
      --json               print the results as a JSON array
      --category CAT       movies, tv, video (default) or all
      --limit N            at most N results, 1-500 (default 50)
      --data-dir DIR       read the apibay address from DIR/settings.json
  serve                    the Peerwatch app as a web site, for browsers on this machine (or network)
      --host ADDRESS       where to listen (default 127.0.0.1; any other address needs a password)
      --port PORT          the port (default 0: any free one)
      --data-dir DIR       settings, library and downloads (default: the Peerwatch data folder)
      --password PW        also let people sign in with this password (or set PEERWATCH_PASSWORD)
      --json               print the address as an NDJSON line
      --no-dht             no DHT, local discovery or port mapping
  cleanup                  delete downloads nothing has used for a while (safe beside a running app)
      --older-than AGE     how long unused, e.g. 24h, 90m, 2d (default 24h)
      --dry-run            only say what would be removed
      --download-dir DIR   the download folder (default: the app's setting, or the Peerwatch data folder)
      --json               print what was removed and kept as JSON
  doctor                   which ffmpeg converts what the browser cannot play, and the hardware encoders here
      --json               print it as JSON
  help                     show this text
`

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
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
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE)
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
