import { join } from 'node:path'
import { version } from '../../package.json'
import type { Engine } from '../engine/engine.js'
import { containFaults, describeFault } from '../engine/fault-containment.js'
import { startAppHost } from '../host/app-host.js'
import { inProcessEngineFactory } from '../host/engine-link.js'
import { JsonFileStore } from '../host/json-file-store.js'
import { defaultSettings } from '../host/settings.js'
import { defaultDataDir } from '../services/data-dir.js'
import { isLoopbackHost } from '../web/host-check.js'
import { defaultRendererDir, loadStaticSite } from '../web/static-files.js'
import { createWebServer, type RunningWebServer } from '../web/web-server.js'
import { CliUsageError, folderArgument, parseCommandLine, printError, printJsonLine } from './output.js'

interface ServeArgs {
  host: string
  port: number
  dataDir: string
  password: string | undefined
  json: boolean
  discovery: boolean
}

/**
 * `peerwatch serve`: the app host and its engine in this process, the web app, its WebSocket
 * and the streams on one origin. Runs until Ctrl-C or SIGTERM.
 */
export async function runServe(argv: string[]): Promise<number> {
  const args = parseServeArgs(argv)
  const site = await loadStaticSite(defaultRendererDir())
  let engine: Engine | null = null
  const warn = (message: string): void => void process.stderr.write(`peerwatch: warning: ${message}\n`)
  const stopContaining = containFaults((fault) => {
    warn(describeFault(fault))
    engine?.contain(fault)
  })
  const appHost = await startAppHost({
    shell: 'web',
    version,
    // Each engine the host starts (again after a settings change) takes over the /stream/ routes.
    startEngine: inProcessEngineFactory({ discovery: args.discovery, streamServer: 'mounted' }, (started) => {
      engine = started
    }),
    settingsStore: new JsonFileStore(join(args.dataDir, 'settings.json'), { onWarning: warn }),
    libraryStore: new JsonFileStore(join(args.dataDir, 'library.json'), { onWarning: warn }),
    defaults: defaultSettings(args.dataDir, process.env),
  })
  let web: RunningWebServer
  try {
    web = await createWebServer({
      appHost,
      site,
      streams: () => engine,
      host: args.host,
      port: args.port,
      password: args.password,
      onNewLink: (url) => announceLink(url, args),
    })
  } catch (err) {
    await appHost.close()
    stopContaining()
    printError(listenProblem(err, args))
    return 1
  }
  announce(web, args)
  return new Promise<number>((resolveExit) => {
    let stopping = false
    const stop = (): void => {
      if (stopping) return
      stopping = true
      void web
        .close()
        .finally(() => appHost.close())
        .finally(stopContaining)
        .then(
          () => resolveExit(0),
          (err: unknown) => {
            printError(err)
            resolveExit(1)
          },
        )
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
}

function announce(web: RunningWebServer, args: ServeArgs): void {
  const loginUrl = `${web.origin}/login`
  if (args.json) {
    printJsonLine('serve-running', { url: web.url, ...(args.password ? { loginUrl } : {}) })
    return
  }
  const password = args.password ? ` (the password works too, at ${loginUrl})` : ''
  process.stdout.write(`Peerwatch is running at ${web.url}${password}\n`)
}

/** A sign-in link works once: the next one, for the next browser. */
function announceLink(url: string, args: ServeArgs): void {
  if (args.json) printJsonLine('serve-link', { url })
  else process.stdout.write(`A browser signed in with the link. The next one: ${url}\n`)
}

function listenProblem(err: unknown, args: ServeArgs): unknown {
  const code = (err as NodeJS.ErrnoException)?.code
  if (code === 'EADDRINUSE')
    return new Error(`Port ${args.port} is already in use on ${args.host}: choose another with --port.`)
  if (code === 'EADDRNOTAVAIL') return new Error(`${args.host} is not an address of this machine.`)
  if (code === 'EACCES') return new Error(`Not allowed to listen on port ${args.port} of ${args.host}.`)
  return err
}

function parseServeArgs(argv: string[]): ServeArgs {
  const parsed = parseOptions(argv)
  const { values, positionals } = parsed
  if (positionals.length > 0)
    throw new CliUsageError(`serve takes no arguments, only options ("${positionals[0]}").`)
  const host = values.host ?? '127.0.0.1'
  // On the command line a password shows in the process list; the environment does not.
  const password = values.password ?? (process.env.PEERWATCH_PASSWORD || undefined)
  if (!isLoopbackHost(host) && !password) {
    throw new CliUsageError(`Listening on ${host} opens Peerwatch to the network: set a --password too.`)
  }
  return {
    host,
    port: portNumber(values.port ?? '0'),
    dataDir: values['data-dir'] ? folderArgument(values['data-dir']) : defaultDataDir(),
    password,
    json: values.json ?? false,
    discovery: !(values['no-dht'] ?? false),
  }
}

function parseOptions(argv: string[]) {
  return parseCommandLine('serve', argv, {
    host: { type: 'string' },
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    password: { type: 'string' },
    json: { type: 'boolean' },
    'no-dht': { type: 'boolean' },
  })
}

function portNumber(text: string): number {
  const port = Number(text)
  if (!/^\d+$/.test(text) || port > 65_535) throw new CliUsageError(`--port takes 0 to 65535, not "${text}".`)
  return port
}
