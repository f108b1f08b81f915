import { connect, createServer, type Server } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { type DelayProxy, startDelayProxy } from '../../bench/delay-proxy.js'
import { patternBytes } from '../helpers/swarm.js'

// The benchmark's stand-in for internet distance: a peer behind it answers one round trip late,
// with every byte intact and in order.

let echo: Server | null = null
let proxy: DelayProxy | null = null
afterEach(async () => {
  await proxy?.close()
  await new Promise<void>((resolve) => (echo ? echo.close(() => resolve()) : resolve()))
})

async function echoServer(): Promise<number> {
  const server = createServer((socket) => socket.pipe(socket))
  echo = server
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as { port: number }).port
}

function roundTrip(port: number, data: Uint8Array): Promise<{ bytes: Buffer; firstByteMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    let firstByteMs = -1
    const chunks: Buffer[] = []
    const socket = connect(port, '127.0.0.1', () => {
      for (let at = 0; at < data.length; at += 16_384) socket.write(data.subarray(at, at + 16_384))
      socket.end()
    })
    socket.on('data', (chunk: Buffer) => {
      if (firstByteMs < 0) firstByteMs = Date.now() - started
      chunks.push(chunk)
    })
    socket.on('end', () => resolve({ bytes: Buffer.concat(chunks), firstByteMs }))
    socket.on('error', reject)
  })
}

describe('the delay proxy', () => {
  it('passes every byte in order, a whole round trip late, with jitter', async () => {
    proxy = await startDelayProxy({ targetPort: await echoServer(), oneWayMs: 60, jitterMs: 20 })
    const data = patternBytes(512 * 1024, 3)
    const { bytes, firstByteMs } = await roundTrip(proxy.port, data)
    expect(bytes.equals(Buffer.from(data))).toBe(true)
    expect(firstByteMs).toBeGreaterThanOrEqual(118)
  })

  it('cuts its connections and refuses new ones while the seeder is gone, and lets them in again', async () => {
    proxy = await startDelayProxy({ targetPort: await echoServer(), oneWayMs: 5 })
    proxy.setDown(true)
    await expect(roundTrip(proxy.port, patternBytes(10, 1))).resolves.toMatchObject({
      bytes: Buffer.alloc(0),
    })
    proxy.setDown(false)
    const { bytes } = await roundTrip(proxy.port, patternBytes(10, 1))
    expect(bytes.length).toBe(10)
  })
})
