import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { httpGet, startTestEngine, type TestEngine } from '../helpers/engine.js'
import { patternBytes, type Seeder, startSeeder } from '../helpers/swarm.js'

const KiB = 1024
const MiB = 1024 * KiB

let seeder: Seeder | undefined
let engine: TestEngine | undefined
let server: Server | undefined

afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
  await engine?.close()
  await seeder?.destroy()
  server = engine = seeder = undefined
})

/** What `peerwatch serve` does in miniature: its own routes, and /stream/ handed to the engine. */
async function mountingServer(t: TestEngine): Promise<string> {
  server = createServer((req, res) => {
    if (req.url?.startsWith('/stream/')) {
      t.engine.handleStreamRequest(req, res).catch(() => res.destroy())
      return
    }
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('the page')
  })
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('an engine mounted in another server', () => {
  it('hands out origin-relative /stream/ URLs and streams byte-exact ranges through the host server', async () => {
    const data = patternBytes(3 * MiB, 11)
    seeder = await startSeeder([{ path: 'movie.mp4', data }], { pieceLength: 64 * KiB })
    engine = await startTestEngine({ streamServer: 'mounted' })
    const origin = await mountingServer(engine)
    expect(engine.engine.origin).toBe('')

    await engine.engine.add({ torrentId: seeder.magnet })
    const { url } = await engine.next('wt-server-running')
    expect(url).toMatch(new RegExp(`^/stream/[\\w-]+/${seeder.infoHash}/0/movie\\.mp4$`))
    expect(engine.engine.list().torrents[0]?.url).toBe(url)

    const middle = MiB + 4321
    const [head, mid, suffix] = await Promise.all([
      httpGet(origin + url, { range: 'bytes=0-65535' }),
      httpGet(origin + url, { range: `bytes=${middle}-${middle + 300_000}` }),
      httpGet(origin + url, { range: 'bytes=-7000' }),
    ])
    expect(head.status).toBe(206)
    expect(head.headers['content-type']).toBe('video/mp4')
    expect(head.headers['content-range']).toBe(`bytes 0-65535/${data.length}`)
    expect(head.body.equals(Buffer.from(data.subarray(0, 65_536)))).toBe(true)
    expect(mid.body.equals(Buffer.from(data.subarray(middle, middle + 300_001)))).toBe(true)
    expect(suffix.body.equals(Buffer.from(data.subarray(data.length - 7000)))).toBe(true)

    const whole = await httpGet(origin + url)
    expect(whole.status).toBe(200)
    expect(whole.body.equals(Buffer.from(data))).toBe(true)

    // The path token is the only key a mounted stream has: a wrong one finds nothing.
    const token = url.split('/')[2] ?? ''
    const wrongToken = url.replace(token, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)
    expect((await httpGet(origin + wrongToken, { range: 'bytes=0-99' })).status).toBe(404)
  })
})
