import { mkdtemp, rm } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Engine, type EngineOptions } from '../../src-main/engine/engine.js'
import type { EngineEvent, EventChannel, EventPayload } from '../../src-shared/contract.js'

export interface TestEngine {
  engine: Engine
  dir: string
  events: EngineEvent[]
  next<C extends EventChannel>(
    channel: C,
    match?: (payload: EventPayload<C>) => boolean,
    timeoutMs?: number,
  ): Promise<EventPayload<C>>
  close(): Promise<void>
}

/** An engine on loopback with public discovery off, recording every event it emits. */
export async function startTestEngine(opts: Partial<EngineOptions> = {}): Promise<TestEngine> {
  const dir = await mkdtemp(join(tmpdir(), 'pw-engine-'))
  const engine = await Engine.start({ downloadDir: join(dir, 'downloads'), discovery: false, ...opts })
  const events: EngineEvent[] = []
  engine.on('event', (e) => events.push(e))
  return {
    engine,
    dir,
    events,
    next: (channel, match = () => true, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const seen = events.find((e) => e.event === channel && match(e.payload as never))
        if (seen) return resolve(seen.payload as never)
        const timer = setTimeout(() => {
          engine.off('event', listen)
          reject(
            new Error(
              `no ${channel} event within ${timeoutMs} ms; saw ${events.map((e) => e.event).join(', ')}`,
            ),
          )
        }, timeoutMs)
        const listen = (e: EngineEvent): void => {
          if (e.event !== channel || !match(e.payload as never)) return
          clearTimeout(timer)
          engine.off('event', listen)
          resolve(e.payload as never)
        }
        engine.on('event', listen)
      }),
    close: async () => {
      await engine.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

export interface HttpResult {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

/** A raw HTTP request (fetch cannot set Host), reading the whole body. */
export function httpGet(
  url: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, setHost: !('host' in headers) }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}
