import { describe, expect, it } from 'vitest'
import { httpGet } from '../helpers/engine.js'
import { peerFront } from '../helpers/peer-front.js'
import { stoppedAfterEachTest } from '../helpers/per-test.js'
import { magnetFor, patternBytes } from '../helpers/swarm.js'

// Rate limiters pay back a burst with silence: aria2, after a fast start, sat for five seconds
// on the 25 requests it had queued, and a player two seconds ahead stalled on them. The blocks
// a reader needs next are asked of another peer once the silent one is a second overdue.

const KiB = 1024
const MiB = 1024 * KiB

const { seed, engine } = stoppedAfterEachTest()

describe('a peer that falls silent mid-film', () => {
  it('holds up nothing: its blocks come from another peer while it is still connected', async () => {
    const film = patternBytes(8 * MiB, 47)
    const files = [{ path: 'film.mkv', data: film }]
    const opts = { pieceLength: 256 * KiB, name: 'Silent Partner' }
    const quick = await seed(files, opts)
    const steady = await seed(files, { ...opts, uploadLimit: 1 * MiB })
    const silent = await peerFront(quick, { silentAfter: 3 * MiB })
    try {
      const t = await engine()
      await t.engine.add({
        torrentId: magnetFor(silent, steady),
      })
      const { url } = await t.next('wt-server-running')
      const res = await httpGet(url, { range: 'bytes=0-' })
      expect(res.body.equals(Buffer.from(film))).toBe(true)
      // It went silent with blocks asked of it, and the film did not wait for webtorrent to
      // give up on it (30 s without a block closes the connection).
      expect(silent.dropped).toBeGreaterThan(0)
      expect(silent.open.size).toBeGreaterThan(0)
    } finally {
      silent.close()
    }
  })

  it('a reader waiting on a far peer gone silent, with nothing else left to fetch, is not held up', async () => {
    const film = patternBytes(8 * MiB, 53)
    const files = [{ path: 'film.mkv', data: film }]
    const opts = { pieceLength: 256 * KiB, name: 'Far and Quiet' }
    const far = await seed(files, opts)
    const near = await seed(files, { ...opts, uploadLimit: 2 * MiB })
    // 150 ms away, so the blocks it holds are not overdue yet when the near peer has fetched all
    // the rest: nothing arrives from anyone after that, and webtorrent goes over its peers only
    // when something does.
    const front = await peerFront(far, { delayMs: 150, silentAfter: 2 * MiB })
    try {
      const t = await engine({ store: 'memory' })
      await t.engine.add({
        torrentId: magnetFor(front, near),
      })
      const { url } = await t.next('wt-server-running')
      const res = await httpGet(url, { range: 'bytes=0-' })
      expect(res.body.equals(Buffer.from(film))).toBe(true)
      // It fell silent holding blocks, and the reader did not wait for webtorrent to give up on
      // it (30 s without a block closes the connection).
      expect(front.dropped).toBeGreaterThan(0)
      expect(front.open.size).toBeGreaterThan(0)
    } finally {
      front.close()
    }
  })
})
