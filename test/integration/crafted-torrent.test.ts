import { describe, expect, it } from 'vitest'
import { craftedTorrent, metadataPeer } from '../helpers/crafted-torrent.js'
import { httpGet } from '../helpers/engine.js'
import { stoppedAfterEachTest } from '../helpers/per-test.js'
import { patternBytes } from '../helpers/swarm.js'

// A crafted info dictionary (100 MiB in 16 KiB pieces, one piece hash) made webtorrent throw
// from its metadata handler and took the engine, and every film in it, down. It is refused for
// that torrent alone, whether it comes as a .torrent file or from peers for a magnet.

const MiB = 1024 * 1024
const { seed, engine } = stoppedAfterEachTest()

const oneHashFor100MiB = (info: Record<string, unknown>): void => {
  info.length = 100 * MiB
  info.pieces = (info.pieces as Uint8Array).subarray(0, 20)
}

async function filmStreams(t: Awaited<ReturnType<typeof engine>>): Promise<void> {
  const film = patternBytes(200_000, 9)
  const seeder = await seed([{ path: 'film.mkv', data: film }], { pieceLength: 16 * 1024 })
  await t.engine.add({ torrentId: seeder.magnet })
  const { url } = await t.next('wt-server-running', (p) => p.infoHash === seeder.infoHash)
  const res = await httpGet(url, { range: 'bytes=0-' })
  expect(res.body.equals(Buffer.from(film))).toBe(true)
}

describe('a crafted torrent', () => {
  it('as a .torrent file is refused with a sentence, and the engine goes on streaming', async () => {
    const crafted = await craftedTorrent(oneHashFor100MiB)
    const t = await engine()
    await expect(t.engine.add({ torrentFile: crafted.bytes })).rejects.toMatchObject({
      code: 'BAD_TORRENT_FILE',
      message: 'This torrent is damaged or crafted: it has 1 piece hashes where its length needs 6400.',
    })
    await filmStreams(t)
  })

  it('from peers for a magnet fails that torrent alone, and the engine goes on streaming', async () => {
    const crafted = await craftedTorrent(oneHashFor100MiB)
    const peer = await metadataPeer(crafted.infoHash, crafted.infoBuffer)
    try {
      const t = await engine()
      await t.engine.add({ torrentId: `magnet:?xt=urn:btih:${crafted.infoHash}&x.pe=${peer.address}` })
      const failed = await t.next('wt-error', (p) => p.infoHash === crafted.infoHash)
      expect(failed.code).toBe('BAD_TORRENT_FILE')
      expect(failed.message).toMatch(/damaged or crafted: it has 1 piece hashes/)
      expect(t.engine.list().torrents.map((x) => x.infoHash)).not.toContain(crafted.infoHash)
      await filmStreams(t)
    } finally {
      peer.close()
    }
  })
})
