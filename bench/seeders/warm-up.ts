import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import type { Wire } from 'webtorrent'
import { loopbackClient } from '../loopback-client.mjs'

const WARM_UP_LIMIT_MS = 5_000

/**
 * Connects once to every fresh seeder and lets go. A seeder on the internet has been up for
 * hours; a process started a moment ago is slow to take its first peer (libtorrent 2 answered
 * the first handshake after 1.4 s, every later one in 15-30 ms), and that would be charged to
 * whichever contender happens to run first.
 */
export async function warmUpSeeders(torrentPath: string, ports: number[]): Promise<void> {
  const client = loopbackClient()
  try {
    const torrent = client.add(await readFile(torrentPath), { path: tmpdir(), deselect: true })
    const greeted = new Set<number>()
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, WARM_UP_LIMIT_MS)
      torrent.on('wire', (wire: Wire) => {
        greeted.add(wire.remotePort)
        if (ports.every((port) => greeted.has(port))) {
          clearTimeout(timer)
          resolve()
        }
      })
      torrent.once('infoHash', () => {
        for (const port of ports) torrent.addPeer(`127.0.0.1:${port}`)
      })
    })
    // webtorrent finishes a new wire's setup in a microtask after 'wire', and crashes if the
    // client is gone by then.
    await new Promise((resolve) => setTimeout(resolve, 100))
  } finally {
    await new Promise<void>((resolve) => client.destroy(() => resolve()))
  }
}
