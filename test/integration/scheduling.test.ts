import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { startDelayProxy } from '../../bench/delay-proxy.js'
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

/** Reads `url` from `offset` until `bytes` have arrived, then hangs up, as a player that seeks. */
function readThenLeave(url: string, offset: number, bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { range: `bytes=${offset}-` } }, (res) => {
      const chunks: Buffer[] = []
      let got = 0
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk)
        got += chunk.length
        if (got < bytes) return
        req.destroy()
        resolve(Buffer.concat(chunks).subarray(0, bytes))
      })
      res.on('error', () => {})
    })
    req.on('error', (err) => (err.message.includes('aborted') ? undefined : reject(err)))
    req.end()
  })
}

describe('a seek, seen from a peer 100 ms away', () => {
  it('tells the peer to drop the blocks asked for where the reader was', async () => {
    const film = patternBytes(24 * MiB, 37)
    const pieceLength = 256 * KiB
    const seeder = await seed([{ path: 'film.mkv', data: film }], {
      pieceLength,
      name: 'Seek Away',
      uploadLimit: 2 * MiB,
    })
    const cancelled: number[] = []
    seeder.torrent.on('wire', (wire) => wire.on('cancel', (index: number) => cancelled.push(index)))
    const far = await startDelayProxy({
      targetPort: Number(seeder.peerAddress.split(':')[1]),
      oneWayMs: 50,
    })
    try {
      const t = await engine()
      await t.engine.add({ torrentId: `magnet:?xt=urn:btih:${seeder.infoHash}&x.pe=${far.address}` })
      const { url } = await t.next('wt-server-running')
      const watched = 6 * MiB
      const start = await readThenLeave(url, 0, watched)
      expect(start.equals(Buffer.from(film.subarray(0, watched)))).toBe(true)
      const seekTo = 18 * MiB
      const seek = await httpGet(url, { range: `bytes=${seekTo}-${seekTo + MiB - 1}` })
      expect(seek.body.equals(Buffer.from(film.subarray(seekTo, seekTo + MiB)))).toBe(true)
      // The readahead of the start was still out to the peer when the reader left it.
      const stale = cancelled.filter((i) => i >= watched / pieceLength && i < seekTo / pieceLength)
      expect(stale.length).toBeGreaterThan(0)
    } finally {
      await far.close()
    }
  })
})
