import { type AddressInfo, connect, createServer, type Server } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { httpGet, startTestEngine, type TestEngine } from '../helpers/engine.js'
import { PLAIN_HANDSHAKE_FIRST_BYTE } from '../helpers/mse.js'
import { patternBytes, type Seeder, startSeeder } from '../helpers/swarm.js'

// The engine dials peers in plaintext first (two round trips sooner to the first block than the
// encryption handshake) and encrypted when a peer hung up on that: a seeder set to require
// encryption must still deliver the film.

let seeder: Seeder | undefined
let t: TestEngine | undefined
let front: Server | undefined
afterEach(async () => {
  await t?.close()
  await seeder?.destroy()
  front?.close()
  seeder = t = front = undefined
})

/** A seeder that hangs up on plaintext handshakes, as clients set to require encryption do. */
async function encryptionOnly(
  target: Seeder,
): Promise<{ address: string; dials: ('plain' | 'encrypted')[] }> {
  const dials: ('plain' | 'encrypted')[] = []
  const targetPort = Number(target.peerAddress.split(':')[1])
  front = createServer((socket) => {
    socket.on('error', () => {})
    socket.once('data', (first: Buffer) => {
      if (first[0] === PLAIN_HANDSHAKE_FIRST_BYTE) {
        dials.push('plain')
        socket.destroy()
        return
      }
      dials.push('encrypted')
      const upstream = connect(targetPort, '127.0.0.1', () => upstream.write(first))
      upstream.on('error', () => socket.destroy())
      socket.on('close', () => upstream.destroy())
      socket.pipe(upstream).pipe(socket)
    })
  })
  await new Promise<void>((resolve) => front?.listen(0, '127.0.0.1', resolve))
  return { address: `127.0.0.1:${(front.address() as AddressInfo).port}`, dials }
}

describe('peers we dial', () => {
  it('are greeted in plaintext first, and encrypted when they refuse that: the film streams', async () => {
    const film = patternBytes(300_000, 21)
    seeder = await startSeeder([{ path: 'film.mkv', data: film }], { pieceLength: 16 * 1024 })
    const { address, dials } = await encryptionOnly(seeder)
    t = await startTestEngine()
    await t.engine.add({ torrentId: `magnet:?xt=urn:btih:${seeder.infoHash}&x.pe=${address}` })
    const running = await t.next('wt-server-running')
    const res = await httpGet(running.url, { range: 'bytes=0-' })
    expect(res.status).toBe(206)
    expect(res.body.equals(Buffer.from(film))).toBe(true)
    expect(dials[0]).toBe('plain')
    expect(dials).toContain('encrypted')
  })
})
