import { describe, expect, it } from 'vitest'
import { httpGet, type TestEngine } from '../helpers/engine.js'
import { peerFront } from '../helpers/peer-front.js'
import { stoppedAfterEachTest } from '../helpers/per-test.js'
import { magnetFor, patternBytes } from '../helpers/swarm.js'
import { until } from '../helpers/until.js'

// A seek is as fast as the peers it draws on. A peer that was not asked for anything a moment
// ago (it arrived late, or was slow once and sat idle since) must not be left out of the next
// one: across the internet those were a third of the swarm's rate.

const KiB = 1024
const MiB = 1024 * KiB

const { seed, engine } = stoppedAfterEachTest()

const rangeOf = (url: string, from: number, bytes: number) =>
  httpGet(url, { range: `bytes=${from}-${from + bytes - 1}` })

/** Resolves once the film's first and last 2 MiB, fetched as soon as it is added, are in. */
function headAndTailIn(t: TestEngine, infoHash: string, fileIndex: number, filmBytes: number) {
  const covered = (from: number, to: number): boolean =>
    t.engine.fileRanges(infoHash, fileIndex).some(([s, e]) => s <= from && e >= to)
  return until(() => covered(0, 2 * MiB - 1) && covered(filmBytes - 2 * MiB, filmBytes - 1))
}

describe('peers the last reads did not use', () => {
  it('a peer that arrived after the others had sent takes part in the next seek', async () => {
    const film = patternBytes(16 * MiB, 61)
    const files = [{ path: 'film.mkv', data: film }]
    const opts = { pieceLength: 1 * MiB, name: 'Late Arrival' }
    const first = await seed(files, { ...opts, uploadLimit: 2 * MiB })
    const late = await seed(files, { ...opts, uploadLimit: 2 * MiB })
    const front = await peerFront(late, { heldBack: true })
    try {
      const t = await engine({ store: 'memory' })
      await t.engine.add({
        torrentId: magnetFor(first, front),
      })
      const { url, infoHash, fileIndex } = await t.next('wt-server-running')
      // The first peer alone sends the film's head and tail (MKV cues live there)...
      await headAndTailIn(t, infoHash, fileIndex, film.length)
      // ...and the late one arrives with nothing left to ask of it.
      front.release()
      await until(() => late.torrent.wires.some((w) => !w.amChoking))
      const seek = await rangeOf(url, 8 * MiB, MiB)
      expect(seek.body.equals(Buffer.from(film.subarray(8 * MiB, 9 * MiB)))).toBe(true)
      expect(late.torrent.uploaded).toBeGreaterThan(256 * KiB)
    } finally {
      front.close()
    }
  })

  it('a peer that was slow once is asked again after it sat idle', async () => {
    const film = patternBytes(16 * MiB, 67)
    const files = [{ path: 'film.mkv', data: film }]
    const opts = { pieceLength: 64 * KiB, name: 'Slow Start' }
    const fast = await seed(files, { ...opts, uploadLimit: 4 * MiB })
    const once = await seed(files, { ...opts, uploadLimit: 32 * KiB })
    const fastFront = await peerFront(fast, { heldBack: true })
    try {
      const t = await engine({ store: 'memory' })
      await t.engine.add({
        torrentId: magnetFor(fastFront, once),
      })
      const { url, infoHash, fileIndex } = await t.next('wt-server-running')
      // For its first seconds it is the only peer, and slow...
      await until(() => once.torrent.uploaded >= 128 * KiB)
      fastFront.release()
      await headAndTailIn(t, infoHash, fileIndex, film.length)
      // ...then its rate limiter lets go (as aria2's does once it has paid back a burst), while
      // nobody asks it anything for a few seconds.
      once.client.throttleUpload(4 * MiB)
      await new Promise((resolve) => setTimeout(resolve, 3_000))
      const before = once.torrent.uploaded
      const seek = await rangeOf(url, 8 * MiB, MiB)
      expect(seek.body.equals(Buffer.from(film.subarray(8 * MiB, 9 * MiB)))).toBe(true)
      expect(once.torrent.uploaded - before).toBeGreaterThan(512 * KiB)
    } finally {
      fastFront.close()
    }
  })
})
