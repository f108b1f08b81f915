import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { httpGet } from '../helpers/engine.js'
import { stoppedAfterEachTest } from '../helpers/per-test.js'
import { patternBytes } from '../helpers/swarm.js'

// A magnet's xs= ("exact source") names a server to fetch the metadata from. webtorrent fetched
// it whole into memory, wherever it pointed: a stranger's link could make the engine download
// gigabytes, or knock on this computer's and the local network's servers. Peers send the
// metadata, checked against the infohash; the link's server is never asked.

const { seed, engine } = stoppedAfterEachTest()

describe("a magnet's exact-source server", () => {
  it('is never fetched; the film comes from its peers', async () => {
    const asked: string[] = []
    const server = createServer((req, res) => {
      asked.push(req.url ?? '')
      res.end(Buffer.alloc(1024 * 1024))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const film = patternBytes(200_000, 17)
      const s = await seed([{ path: 'film.mkv', data: film }], { pieceLength: 16 * 1024 })
      const xs = encodeURIComponent(`http://127.0.0.1:${(server.address() as AddressInfo).port}/huge`)
      const t = await engine()
      await t.engine.add({ torrentId: `${s.magnet}&xs=${xs}` })
      const { url } = await t.next('wt-server-running')
      const res = await httpGet(url, { range: 'bytes=0-' })
      expect(res.body.equals(Buffer.from(film))).toBe(true)
      expect(asked).toEqual([])
    } finally {
      server.closeAllConnections()
      server.close()
    }
  })
})
