import { describe, expect, it } from 'vitest'
import { httpGet } from '../helpers/engine.js'
import { peerFront } from '../helpers/peer-front.js'
import { stoppedAfterEachTest } from '../helpers/per-test.js'
import { magnetFor, patternBytes } from '../helpers/swarm.js'

// Rate limiters send in bursts: libtorrent hands out a tick's quota at once, webtorrent banks a
// second of tokens. A request answered inside a burst reads many times the peer's real rate,
// and a pipeline sized from that leaves a long queue at the peer, which a seek then waits behind.

const KiB = 1024
const MiB = 1024 * KiB

const { seed, engine } = stoppedAfterEachTest()

describe('a peer whose rate limiter sends in bursts', () => {
  it('is not asked for much more than it can send in a round trip', async () => {
    const film = patternBytes(16 * MiB, 71)
    const files = [{ path: 'film.mkv', data: film }]
    const seeder = await seed(files, { pieceLength: 64 * KiB, name: 'Burst' })
    const front = await peerFront(seeder, { delayMs: 20, quota: { bytes: 512 * KiB, everyMs: 250 } })
    let mostWaiting = 0
    let reading = false
    const sample = setInterval(() => {
      if (reading) mostWaiting = Math.max(mostWaiting, front.asked - front.passed)
    }, 5)
    try {
      const t = await engine()
      await t.engine.add({ torrentId: magnetFor(front) })
      const { url } = await t.next('wt-server-running')
      await httpGet(url, { range: `bytes=0-${MiB - 1}` })
      reading = true
      const res = await httpGet(url, { range: `bytes=${8 * MiB}-${12 * MiB - 1}` })
      expect(res.body.equals(Buffer.from(film.subarray(8 * MiB, 12 * MiB)))).toBe(true)
      // 2 MiB/s over 20 ms is 40 KiB, and the pipeline adds three blocks of probe; sized from
      // the burst, it kept 185 KiB asked of the peer.
      expect(mostWaiting).toBeLessThan(144 * KiB)
    } finally {
      clearInterval(sample)
      front.close()
    }
  })
})
