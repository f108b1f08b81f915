import { type AddressInfo, connect, createServer, type Socket } from 'node:net'
import type { Seeder } from './swarm.js'

/**
 * A TCP front for a seeder that decides when its bytes reach the downloader: it can delay them
 * (a peer far away), hold them all back until released (a peer that shows up late) or stop
 * passing them on after so many bytes while keeping the connection open (a rate limiter's long
 * silence, a peer gone quiet). `magnetFor` takes it in place of the seeder.
 */
export interface PeerFront {
  infoHash: string
  /** 127.0.0.1:PORT to give the downloader instead of the seeder's own address. */
  peerAddress: string
  /** Connections to the seeder still open. */
  open: Set<Socket>
  /** Bytes the seeder sent that were never passed on. */
  dropped: number
  /** Passes on whatever was held back, and everything from now on. */
  release(): void
  close(): void
}

export async function peerFront(
  target: Seeder,
  opts: { heldBack?: boolean; silentAfter?: number; delayMs?: number } = {},
): Promise<PeerFront> {
  const targetPort = Number(target.peerAddress.split(':')[1])
  const open = new Set<Socket>()
  const held: Array<{ socket: Socket; chunk: Buffer }> = []
  let holding = opts.heldBack ?? false
  let passed = 0
  const pass = (socket: Socket, chunk: Buffer): void => {
    if (passed >= (opts.silentAfter ?? Number.POSITIVE_INFINITY)) {
      front.dropped += chunk.length
      return
    }
    passed += chunk.length
    if (opts.delayMs) setTimeout(() => socket.write(chunk), opts.delayMs)
    else socket.write(chunk)
  }
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
    upstream.on('data', (chunk: Buffer) => (holding ? held.push({ socket, chunk }) : pass(socket, chunk)))
  })
  const front: PeerFront = {
    infoHash: target.infoHash,
    peerAddress: '',
    open,
    dropped: 0,
    release: () => {
      holding = false
      for (const { socket, chunk } of held.splice(0)) pass(socket, chunk)
    },
    close: () => {
      for (const socket of open) socket.destroy()
      server.close()
    },
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  front.peerAddress = `127.0.0.1:${(server.address() as AddressInfo).port}`
  return front
}
