import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startAppHost } from '../../src-main/host/app-host.js'
import { inProcessEngineFactory } from '../../src-main/host/engine-link.js'
import type { AppHostHandle } from '../../src-main/host/types.js'
import { loadStaticSite, type StaticSite } from '../../src-main/web/static-files.js'
import {
  type ClientLimits,
  createWebServer,
  type RunningWebServer,
  type StreamRequestHandler,
} from '../../src-main/web/web-server.js'
import { testHostOptions } from './app-host.js'
import { REPO_ROOT } from './cli-process.js'
import { WireClient } from './web-client.js'

export const RENDERER_DIR = join(REPO_ROOT, 'out', 'renderer')

/**
 * Web servers in-process over the real renderer build and one real app host (engine mounted,
 * discovery off). `setUp` in beforeAll, `closeEach` in afterEach, `closeAll` in afterAll.
 */
export class WebServerFixture {
  /** The renderer's bundled script, e.g. "index-abc123.js". */
  scriptName = ''
  private site: StaticSite | undefined
  private appHost: AppHostHandle | undefined
  private hostDir: string | undefined
  private readonly servers: RunningWebServer[] = []
  private readonly clients: WireClient[] = []

  async setUp(): Promise<void> {
    if (!existsSync(join(RENDERER_DIR, 'index.html')))
      execFileSync('npx', ['electron-vite', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' })
    this.scriptName = readdirSync(join(RENDERER_DIR, 'assets')).find((name) => name.endsWith('.js')) ?? ''
    this.site = await loadStaticSite(RENDERER_DIR)
    this.hostDir = await mkdtemp(join(tmpdir(), 'pw-web-'))
    this.appHost = await startAppHost(
      testHostOptions(this.hostDir, {
        startEngine: inProcessEngineFactory({ discovery: false, streamServer: 'mounted' }),
      }),
    )
  }

  async start(
    opts: { password?: string; streams?: StreamRequestHandler | null; limits?: Partial<ClientLimits> } = {},
  ): Promise<RunningWebServer> {
    if (!this.site || !this.appHost) throw new Error('WebServerFixture.setUp() first')
    const server = await createWebServer({
      appHost: this.appHost,
      site: this.site,
      streams: () => opts.streams ?? null,
      ...(opts.password ? { password: opts.password } : {}),
      ...(opts.limits ? { limits: opts.limits } : {}),
    })
    this.servers.push(server)
    return server
  }

  /** A WebSocket to /ws as the server's own page would open it. */
  async socket(server: RunningWebServer, cookie: string): Promise<WireClient> {
    const client = await WireClient.open(wsUrl(server), { cookie, origin: server.origin })
    this.clients.push(client)
    return client
  }

  async closeEach(): Promise<void> {
    for (const client of this.clients.splice(0)) client.close()
    await Promise.all(this.servers.splice(0).map((s) => s.close()))
  }

  async closeAll(): Promise<void> {
    await this.closeEach()
    await this.appHost?.close()
    if (this.hostDir) await rm(this.hostDir, { recursive: true, force: true })
  }
}

export function wsUrl(server: RunningWebServer): string {
  return `${server.origin.replace('http', 'ws')}/ws`
}
