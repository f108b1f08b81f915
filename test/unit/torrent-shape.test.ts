import { describe, expect, it } from 'vitest'
import { resolveTorrentId } from '../../src-main/engine/torrent-id.js'
import { craftedTorrent } from '../helpers/crafted-torrent.js'

// A .torrent's numbers come from whoever made it: ones that do not fit together are refused
// with a sentence, before webtorrent lays out the files (it throws from its metadata handler).

const MiB = 1024 * 1024

async function refusal(edit: (info: Record<string, unknown>) => void): Promise<string> {
  const { bytes } = await craftedTorrent(edit)
  const err = await resolveTorrentId(bytes).then(
    () => null,
    (e: unknown) => e as { code: string; message: string },
  )
  if (!err) throw new Error('the crafted torrent was accepted')
  expect(err.code).toBe('BAD_TORRENT_FILE')
  return err.message
}

describe('the shape of a .torrent', () => {
  it('is accepted when it is what its maker wrote', async () => {
    const { bytes, infoHash } = await craftedTorrent(() => {})
    expect((await resolveTorrentId(bytes)).infoHash).toBe(infoHash)
  })

  it('is refused when the length needs more pieces than it has hashes for', async () => {
    const message = await refusal((info) => {
      info.length = 100 * MiB
      info.pieces = (info.pieces as Uint8Array).subarray(0, 20)
    })
    expect(message).toBe(
      'This torrent is damaged or crafted: it has 1 piece hashes where its length needs 6400.',
    )
  })

  it('is refused with more hashes than pieces', async () => {
    const message = await refusal((info) => {
      info.pieces = new Uint8Array(20 * 9)
    })
    expect(message).toMatch(/9 piece hashes where its length needs 4/)
  })

  it('is refused when its pieces are not a power of two from 16 KiB to 16 MiB', async () => {
    for (const pieceLength of [1000, 8 * 1024, 24 * 1024, 32 * MiB]) {
      const message = await refusal((info) => {
        info['piece length'] = pieceLength
      })
      expect(message).toMatch(/not a power of two from 16 KiB to 16 MiB/)
    }
  })

  it('is refused when a file length is negative or beyond exact numbers', async () => {
    for (const length of [-1, 2 ** 60]) {
      const message = await refusal((info) => {
        info.length = length
      })
      expect(message).toBe('This torrent is damaged or crafted: its length is not a whole number of bytes.')
    }
  })

  it('is refused when it holds no data', async () => {
    const message = await refusal((info) => {
      info.length = 0
      info.pieces = new Uint8Array(0)
    })
    expect(message).toBe('This torrent is damaged or crafted: it holds no data.')
  })
})
