import { type AddressInfo, connect, createServer, type Server } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { httpGet, startTestEngine, type TestEngine } from '../helpers/engine.js'
import { MSE_PRIME_HEX, PLAIN_HANDSHAKE_FIRST_BYTE } from '../helpers/mse.js'
import { patternBytes, type Seeder, startSeeder } from '../helpers/swarm.js'
import { until } from '../helpers/until.js'

// Any address on the internet can dial the engine's peer port and open the protocol-encryption
// handshake; its first 96 bytes are a Diffie-Hellman public key that nothing has checked yet.

const MSE_PRIME = BigInt(`0x${MSE_PRIME_HEX}`)

function publicKeyBytes(value: bigint): Buffer {
  return Buffer.from(value.toString(16).padStart(192, '0'), 'hex')
}

/** Resolves once the engine has hung up on a connection that sent `bytes`. */
function engineHangsUpAfter(port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes))
    socket.on('data', () => {}) // the engine's own step of the handshake; not what is tested
    socket.on('error', () => {}) // a reset is a hang-up too
    socket.on('close', () => resolve())
    setTimeout(() => {
      socket.destroy()
      reject(new Error('the engine kept the connection open'))
    }, 10_000).unref()
  })
}

let seeder: Seeder | undefined
let t: TestEngine | undefined
let liar: Server | undefined

afterAll(async () => {
  await t?.close()
  await seeder?.destroy()
  liar?.close()
})

describe('a peer that opens an encrypted handshake with a degenerate key', () => {
  it('is disconnected, and the film being watched keeps streaming', async () => {
    const film = patternBytes(400_000, 11)
    seeder = await startSeeder([{ path: 'film.mkv', data: film }], { pieceLength: 16 * 1024 })
    t = await startTestEngine()
    await t.engine.add({ torrentId: seeder.magnet })
    const running = await t.next('wt-server-running')
    const port = t.engine.peerPort
    expect(port).toBeGreaterThan(0)

    for (const key of [0n, 1n, MSE_PRIME - 1n, MSE_PRIME])
      await engineHangsUpAfter(port ?? 0, publicKeyBytes(key))

    const res = await httpGet(running.url, { range: 'bytes=0-' })
    expect(res.status).toBe(206)
    expect(res.body.equals(Buffer.from(film))).toBe(true)
  })
})

describe('a peer we dial that answers the encrypted handshake with a degenerate key', () => {
  it('is dropped, and the film still streams from the honest seeder', async () => {
    const film = patternBytes(300_000, 12)
    const honest = await startSeeder([{ path: 'film.mkv', data: film }], { pieceLength: 16 * 1024 })
    // It hangs up on the plaintext handshake the engine dials with first, so the engine's
    // reconnect opens the encrypted one, which it answers with the degenerate key.
    let encryptedDials = 0
    liar = createServer((socket) => {
      socket.on('error', () => {})
      socket.once('data', (first: Buffer) => {
        if (first[0] === PLAIN_HANDSHAKE_FIRST_BYTE) return socket.destroy()
        encryptedDials += 1
        socket.write(publicKeyBytes(0n))
      })
    })
    await new Promise<void>((resolve) => liar?.listen(0, '127.0.0.1', resolve))
    const liarPort = (liar.address() as AddressInfo).port
    const engine = await startTestEngine()
    try {
      await engine.engine.add({ torrentId: `${honest.magnet}&x.pe=127.0.0.1:${liarPort}` })
      const running = await engine.next('wt-server-running')
      await until(() => encryptedDials > 0)
      const res = await httpGet(running.url, { range: 'bytes=0-' })
      expect(res.body.equals(Buffer.from(film))).toBe(true)
    } finally {
      await engine.close()
      await honest.destroy()
    }
  })
})
