import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { httpGet } from '../helpers/engine.js'
import { stoppedAfterEachTest } from '../helpers/per-test.js'
import { patternBytes, type Seeder } from '../helpers/swarm.js'

// Rate limiters pay back a burst with silence: aria2, after a fast start, sat for five seconds
// on the 25 requests it had queued, and a player two seconds ahead stalled on them. The blocks
// a reader needs next are asked of another peer once the silent one is a second overdue.

const KiB = 1024
const MiB = 1024 * KiB

const { seed, engine } = stoppedAfterEachTest()

interface SilentFront {
  address: string
  /** Connections to the seeder still open. */
  open: Set<Socket>
  /** Bytes the seeder sent that were held back once it fell silent. */
  held: number
  close(): void
}

/** A seeder that sends `silentAfter` bytes, then says nothing more while keeping its connections. */
async function fallsSilent(target: Seeder, silentAfter: number): Promise<SilentFront> {
  const targetPort = Number(target.peerAddress.split(':')[1])
  const open = new Set<Socket>()
  const front: SilentFront & { server?: Server } = {
    address: '',
    open,
    held: 0,
    close: () => {
      for (const socket of open) socket.destroy()
      front.server?.close()
    },
  }
  let sent = 0
  const server = createServer((socket) => {
    const upstream = connect(targetPort, '127.0.0.1')
    for (const s of [socket, upstream]) s.on('error', () => {})
    open.add(socket)
    socket.on('close', () => {
      open.delete(socket)
      upstream.destroy()
    })
    upstream.on('close', () => socket.destroy())
    socket.pipe(upstream)
    upstream.on('data', (chunk: Buffer) => {
      if (sent >= silentAfter) {
        front.held += chunk.length
        return
      }
      sent += chunk.length
      socket.write(chunk)
    })
  })
  front.server = server
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  front.address = `127.0.0.1:${(server.address() as AddressInfo).port}`
  return front
}

describe('a peer that falls silent mid-film', () => {
  it('holds up nothing: its blocks come from another peer while it is still connected', async () => {
    const film = patternBytes(8 * MiB, 47)
    const files = [{ path: 'film.mkv', data: film }]
    const opts = { pieceLength: 256 * KiB, name: 'Silent Partner' }
    const quick = await seed(files, opts)
    const steady = await seed(files, { ...opts, uploadLimit: 1 * MiB })
    const silent = await fallsSilent(quick, 3 * MiB)
    try {
      const t = await engine()
      await t.engine.add({
        torrentId: `magnet:?xt=urn:btih:${quick.infoHash}&x.pe=${silent.address}&x.pe=${steady.peerAddress}`,
      })
      const { url } = await t.next('wt-server-running')
      const res = await httpGet(url, { range: 'bytes=0-' })
      expect(res.body.equals(Buffer.from(film))).toBe(true)
      // It went silent with blocks asked of it, and the film did not wait for webtorrent to
      // give up on it (30 s without a block closes the connection).
      expect(silent.held).toBeGreaterThan(0)
      expect(silent.open.size).toBeGreaterThan(0)
    } finally {
      silent.close()
    }
  })
})
