import { describe, expect, it } from 'vitest'
import { httpGet } from '../helpers/engine.js'
import { stoppedAfterEachTest } from '../helpers/per-test.js'
import { magnetFor, patternBytes, type Seeder } from '../helpers/swarm.js'

// Who fetches which blocks, seen from the seeders: what they had to send for one film.

const KiB = 1024
const MiB = 1024 * KiB

const { seed, engine } = stoppedAfterEachTest()

const uploaded = (...swarm: Seeder[]): number => swarm.reduce((sum, s) => sum + s.torrent.uploaded, 0)

describe('block scheduling with a fast and a slow seeder', () => {
  it('reads a film from start to end with each block sent about once', async () => {
    const film = patternBytes(8 * MiB, 31)
    const files = [{ path: 'film.mkv', data: film }]
    const opts = { pieceLength: 256 * KiB, name: 'Fast and Slow' }
    const fast = await seed(files, { ...opts, uploadLimit: 3 * MiB })
    const slow = await seed(files, { ...opts, uploadLimit: 150 * KiB })
    const t = await engine()
    await t.engine.add({ torrentId: magnetFor(fast, slow) })
    const { url } = await t.next('wt-server-running')
    const res = await httpGet(url, { range: 'bytes=0-' })
    expect(res.body.equals(Buffer.from(film))).toBe(true)
    // Asking a fast peer again for the slow one's blocks of every piece the reader reaches
    // costs a block the slow one sends anyway: only where the reader lands (the start) is that
    // worth it.
    expect(uploaded(fast, slow)).toBeLessThan(film.length * 1.025)
    expect(slow.torrent.uploaded).toBeGreaterThan(0)
  })
})
