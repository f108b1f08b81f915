import { afterEach, describe, expect, it } from 'vitest'
import { httpGet, startTestEngine, type TestEngine } from '../helpers/engine.js'
import { patternBytes, type Seeder, startSeeder } from '../helpers/swarm.js'

// The engine acknowledges a peer's small messages at once with a keep-alive (prompt-acks.ts).
// aria2 bans a peer that sends two keep-alives within five seconds ("Flooding detected"), so a
// seeder that says it is aria2 must get none, and the film must still come whole.

const peerIdOf = (prefix: string): string =>
  Buffer.concat([Buffer.from(prefix), Buffer.alloc(20 - prefix.length, 7)]).toString('hex')

let seeder: Seeder | undefined
let t: TestEngine | undefined

afterEach(async () => {
  await t?.close()
  await seeder?.destroy()
  t = undefined
  seeder = undefined
})

/** Streams a film from one seeder posing as `client`; returns the keep-alives it received. */
async function keepAlivesWhileStreaming(client: string): Promise<number> {
  const film = patternBytes(1_500_000, 21)
  seeder = await startSeeder([{ path: 'film.mkv', data: film }], {
    pieceLength: 16 * 1024,
    peerId: peerIdOf(client),
  })
  let keepAlives = 0
  seeder.torrent.on('wire', (wire) => wire.on('keep-alive', () => keepAlives++))
  t = await startTestEngine()
  await t.engine.add({ torrentId: seeder.magnet })
  const running = await t.next('wt-server-running')
  const res = await httpGet(running.url, { range: 'bytes=0-' })
  expect(res.body.equals(Buffer.from(film))).toBe(true)
  return keepAlives
}

describe('prompt acknowledgements to seeders', () => {
  it('are keep-alives to a webtorrent seeder', async () => {
    expect(await keepAlivesWhileStreaming('-WW0300-')).toBeGreaterThan(1)
  })

  it('are never sent to an aria2 seeder, which would ban the engine for flooding', async () => {
    expect(await keepAlivesWhileStreaming('A2-1-36-0-')).toBe(0)
  })
})
