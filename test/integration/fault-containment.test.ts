import { describe, expect, it } from 'vitest'
import { httpGet } from '../helpers/engine.js'
import { stoppedAfterEachTest } from '../helpers/per-test.js'
import { patternBytes } from '../helpers/swarm.js'

// What the engine does with a fault that nothing caught, once the process has contained it
// (test/unit/fault-containment.test.ts): the torrent it happened for is closed with an error the
// person can read, and every other film goes on.

const { seed, engine } = stoppedAfterEachTest()

describe('a fault inside one torrent', () => {
  it('closes that torrent with a wt-error, and the other film keeps streaming', async () => {
    const [filmA, filmB] = [patternBytes(300_000, 71), patternBytes(300_000, 72)]
    const a = await seed([{ path: 'a.mkv', data: filmA }], { pieceLength: 16 * 1024, name: 'A' })
    const b = await seed([{ path: 'b.mkv', data: filmB }], { pieceLength: 16 * 1024, name: 'B' })
    const t = await engine()
    await t.engine.add({ torrentId: a.magnet })
    await t.engine.add({ torrentId: b.magnet })
    await t.next('wt-server-running', (p) => p.infoHash === a.infoHash)
    const { url } = await t.next('wt-server-running', (p) => p.infoHash === b.infoHash)

    t.engine.contain({ infoHash: a.infoHash, error: new Error('invalid selection 0 : 127') })
    const failed = await t.next('wt-error', (p) => p.infoHash === a.infoHash)
    expect(failed).toEqual({
      infoHash: a.infoHash,
      code: 'TORRENT_FAILED',
      message: 'This torrent failed inside the engine and was closed: invalid selection 0 : 127',
    })
    await expect.poll(() => t.engine.list().torrents.map((x) => x.infoHash)).toEqual([b.infoHash])
    const res = await httpGet(url, { range: 'bytes=0-' })
    expect(res.body.equals(Buffer.from(filmB))).toBe(true)
  })

  it('that no torrent claims is reported, and nothing is closed', async () => {
    const film = patternBytes(200_000, 73)
    const s = await seed([{ path: 'c.mkv', data: film }], { pieceLength: 16 * 1024 })
    const t = await engine()
    await t.engine.add({ torrentId: s.magnet })
    const { url } = await t.next('wt-server-running')
    t.engine.contain({ infoHash: null, error: new Error('socket hang up') })
    expect(await t.next('wt-error', (p) => p.infoHash === undefined)).toEqual({
      code: 'INTERNAL',
      message: 'Something went wrong inside the engine: socket hang up',
    })
    const res = await httpGet(url, { range: 'bytes=0-' })
    expect(res.body.equals(Buffer.from(film))).toBe(true)
  })
})
