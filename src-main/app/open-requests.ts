import { open } from 'node:fs/promises'
import { posix, win32 } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MAX_TORRENT_FILE_BYTES } from '../../src-shared/contract.js'

// What the OS asks Peerwatch to open: a magnet link (the protocol handler, macOS open-url) or a
// .torrent file (a double-click, open-file, the command line, a second launch).

export type OpenRequest = { kind: 'magnet'; link: string } | { kind: 'torrent-file'; path: string }

/**
 * The magnets and .torrent files in a command line: argv[0] (the executable), switches
 * (--inspect, --no-sandbox, what Chromium appends), `.` (the app folder in development) and
 * anything else are skipped. Relative paths are taken from `cwd`, the launching shell's folder.
 */
export function openRequestsFromArgv(
  argv: readonly string[],
  cwd: string,
  platform: NodeJS.Platform = process.platform,
): OpenRequest[] {
  const requests: OpenRequest[] = []
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-') || arg === '.') continue
    const request = openRequestFromArg(arg, cwd, platform)
    if (request) requests.push(request)
  }
  return requests
}

/** One argument, URL (macOS open-url) or path (open-file): a request, or null when not ours. */
export function openRequestFromArg(
  arg: string,
  cwd: string,
  platform: NodeJS.Platform = process.platform,
): OpenRequest | null {
  const value = arg.trim()
  if (/^magnet:\?/i.test(value)) return { kind: 'magnet', link: value }
  if (/^file:/i.test(value)) {
    const path = filePath(value, platform)
    return path && isTorrentName(path) ? { kind: 'torrent-file', path } : null
  }
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(value) || !isTorrentName(value)) return null
  const { resolve } = platform === 'win32' ? win32 : posix
  return { kind: 'torrent-file', path: resolve(cwd, value) }
}

function isTorrentName(path: string): boolean {
  return /\.torrent$/i.test(path)
}

function filePath(url: string, platform: NodeJS.Platform): string | null {
  try {
    return fileURLToPath(url, { windows: platform === 'win32' })
  } catch {
    return null
  }
}

/**
 * The bytes of a .torrent the OS handed us; an error with a sentence the person can act on when
 * it is missing, unreadable, empty or too big to be a .torrent.
 */
export async function readTorrentFile(path: string, maxBytes = MAX_TORRENT_FILE_BYTES): Promise<Uint8Array> {
  const name = posix.basename(win32.basename(path))
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open(path, 'r')
  } catch (err) {
    throw new Error(`Could not open "${name}": ${reason(err)}.`)
  }
  try {
    const info = await handle.stat()
    if (!info.isFile()) throw new Error(`"${name}" is not a file.`)
    if (info.size === 0) throw new Error(`"${name}" is empty.`)
    if (info.size > maxBytes) {
      throw new Error(
        `"${name}" is too big to be a .torrent file (${Math.ceil(info.size / 1024 / 1024)} MiB).`,
      )
    }
    // Read what is there, capped, in case the file grew since stat.
    const buffer = Buffer.alloc(maxBytes + 1)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    if (bytesRead > maxBytes) throw new Error(`"${name}" is too big to be a .torrent file.`)
    return new Uint8Array(buffer.subarray(0, bytesRead))
  } finally {
    await handle.close()
  }
}

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code
  if (code === 'ENOENT') return 'it does not exist'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'EISDIR') return 'it is a folder'
  return err instanceof Error ? err.message : String(err)
}

export interface OpenDeps {
  /** Shows the torrent to the person to accept (the app host's offerOpen). */
  offer(torrent: { torrentId: string } | { torrentFile: Uint8Array }): Promise<unknown>
  /** Tells the person why something could not be opened (a toast in the window). */
  warn(message: string): void
  readFile?: (path: string) => Promise<Uint8Array>
}

/**
 * Offers one request to the person (nothing is fetched until they accept): true once offered,
 * false after warning why it could not be.
 */
export async function openRequest(request: OpenRequest, deps: OpenDeps): Promise<boolean> {
  let payload: { torrentId: string } | { torrentFile: Uint8Array }
  if (request.kind === 'magnet') payload = { torrentId: request.link }
  else {
    try {
      payload = { torrentFile: await (deps.readFile ?? readTorrentFile)(request.path) }
    } catch (err) {
      deps.warn(err instanceof Error ? err.message : String(err))
      return false
    }
  }
  try {
    await deps.offer(payload)
    return true
  } catch (err) {
    deps.warn(err instanceof Error ? err.message : String(err))
    return false
  }
}

/**
 * Requests that arrive before the window and host are ready (macOS sends open-file before
 * `ready`; the first launch's argv) wait here, then go to the handler in order.
 */
export class OpenQueue {
  private pending: OpenRequest[] = []
  private handler: ((request: OpenRequest) => void) | null = null

  push(...requests: Array<OpenRequest | null>): void {
    for (const request of requests) {
      if (!request) continue
      if (this.handler) this.handler(request)
      else this.pending.push(request)
    }
  }

  attach(handler: (request: OpenRequest) => void): void {
    this.handler = handler
    for (const request of this.pending.splice(0)) handler(request)
  }
}
