import { DEFAULT_IDLE_CLOSE_SECONDS, DEFAULT_MEMORY_BUDGET_MB } from '../engine/engine-options.js'

/** What each command does and takes: `peerwatch help`, and `peerwatch <command> --help`. */
export const COMMAND_USAGE = {
  stream: `  stream <magnet|infohash|torrent-url|file.torrent>   stream a torrent over HTTP while it downloads
  stream --pick N <words...>   stream row N of what "peerwatch search <words...>" lists
      --file INDEX|NAME    the file to play (default: the largest video)
      --json               print engine events as NDJSON, one per line
      --memory             keep pieces in a bounded memory store instead of on disk
      --memory-budget MB   the memory store's budget (default ${DEFAULT_MEMORY_BUDGET_MB})
      --idle SECONDS       close the torrent after this long without a request (default ${DEFAULT_IDLE_CLOSE_SECONDS})
      --download-dir DIR   where downloads go (default: the Peerwatch data folder)
      --no-dht             no DHT, local discovery or port mapping: only trackers and peers in the link
      --vlc                open the stream in VLC; exit when VLC exits
      --category CAT       with --pick: as search's --category
      --data-dir DIR       with --pick: as search's --data-dir
`,
  search: `  search <words...>        search The Pirate Bay and the Internet Archive (most seeders first)
      --json               print the results as a JSON array
      --category CAT       movies, tv, video (default) or all
      --limit N            at most N results, 1-500 (default 50)
      --data-dir DIR       read the apibay address from DIR/settings.json
`,
  serve: `  serve                    the Peerwatch app as a web site, for browsers on this machine (or network)
      --host ADDRESS       where to listen (default 127.0.0.1; any other address needs a password)
      --port PORT          the port (default 0: any free one)
      --data-dir DIR       settings, library and downloads (default: the Peerwatch data folder)
      --password PW        also let people sign in with this password (or set PEERWATCH_PASSWORD)
      --json               print the address as an NDJSON line
      --no-dht             no DHT, local discovery or port mapping
`,
  cleanup: `  cleanup                  delete downloads nothing has used for a while (safe beside a running app)
      --older-than AGE     how long unused, e.g. 24h, 90m, 2d (default 24h)
      --dry-run            only say what would be removed
      --download-dir DIR   the download folder (default: the app's setting, or the Peerwatch data folder)
      --json               print what was removed and kept as JSON
`,
  doctor: `  doctor                   which ffmpeg converts what the browser cannot play, and the hardware encoders here
      --json               print it as JSON
`,
} as const

export type CommandName = keyof typeof COMMAND_USAGE

export function isCommandName(word: string | undefined): word is CommandName {
  return word !== undefined && Object.hasOwn(COMMAND_USAGE, word)
}

export const USAGE = `Usage: peerwatch <command> [options]

Commands:
${Object.values(COMMAND_USAGE).join('')}  help [COMMAND]           show this text, or one command's
  version                  show which Peerwatch this is (also --version)

Every command also takes --help.
`

export function commandUsage(command: CommandName): string {
  return `Usage: peerwatch ${command} [options]\n\n${COMMAND_USAGE[command]}`
}

/** `--help` or `-h` anywhere before a lone `--` (after it, words are the command's own). */
export function asksForHelp(argv: string[]): boolean {
  const end = argv.indexOf('--')
  return (end < 0 ? argv : argv.slice(0, end)).some((word) => word === '--help' || word === '-h')
}
