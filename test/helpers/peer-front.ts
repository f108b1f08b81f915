import { type AddressInfo, connect, createServer, type Socket } from 'node:net'
import type { Seeder } from './swarm.js'

/**
 * A TCP front for a seeder that decides when its bytes reach the downloader: it can delay them
 * (a peer far away), hold them all back until released (a peer that shows up late) or stop
 * passing them on after so many bytes while keeping the connection open (a rate limiter's long
 * silence, a peer gone quiet), or limit them to a quota handed out once a tick (libtorrent's rate
 * limiter: whatever is asked goes out at once until the tick's quota is spent, then nothing
 * until the next). `magnetFor` takes it in place of the seeder.
 */
export interface PeerFront {
  infoHash: string
  /** 127.0.0.1:PORT to give the downloader instead of the seeder's own address. */
  peerAddress: string
  /** Connections to the seeder still open. */
  open: Set<Socket>
  /** Bytes passed on to the downloader so far. */
  passed: number
  /** Bytes the downloader has asked for (BitTorrent requests less cancels) over plaintext connections. */
  asked: number
  /** Bytes the seeder sent that were never passed on. */
  dropped: number
  /** Passes on whatever was held back, and everything from now on. */
  release(): void
  close(): void
}

export async function peerFront(
  target: Seeder,
  opts: {
    heldBack?: boolean
    silentAfter?: number
    delayMs?: number
    quota?: { bytes: number; everyMs: number }
  } = {},
): Promise<PeerFront> {
  const targetPort = Number(target.peerAddress.split(':')[1])
  const open = new Set<Socket>()
  const held: Array<{ socket: Socket; chunk: Buffer }> = []
  let holding = opts.heldBack ?? false
  const pass = (socket: Socket, chunk: Buffer): void => {
    if (front.passed >= (opts.silentAfter ?? Number.POSITIVE_INFINITY)) {
      front.dropped += chunk.length
      return
    }
    front.passed += chunk.length
    if (opts.delayMs) setTimeout(() => socket.write(chunk), opts.delayMs)
    else socket.write(chunk)
  }
  const { quota } = opts
  const waiting: Array<{ socket: Socket; chunk: Buffer }> = []
  let quotaLeft = quota?.bytes ?? Number.POSITIVE_INFINITY
  const spend = (): void => {
    while (quotaLeft > 0 && waiting.length > 0) {
      const next = waiting.shift() as { socket: Socket; chunk: Buffer }
      quotaLeft -= next.chunk.length
      pass(next.socket, next.chunk)
    }
  }
  // Quota is not banked: a tick with nothing waiting is lost, as libtorrent's is.
  const tick = quota
    ? setInterval(() => {
        quotaLeft = quota.bytes
        spend()
      }, quota.everyMs)
    : null
  const arrive = (socket: Socket, chunk: Buffer): void => {
    if (holding) held.push({ socket, chunk })
    else {
      waiting.push({ socket, chunk })
      spend()
    }
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
    socket.on('data', requestCounter(front))
    upstream.on('data', (chunk: Buffer) => arrive(socket, chunk))
  })
  const front: PeerFront = {
    infoHash: target.infoHash,
    peerAddress: '',
    open,
    passed: 0,
    asked: 0,
    dropped: 0,
    release: () => {
      holding = false
      for (const { socket, chunk } of held.splice(0)) pass(socket, chunk)
    },
    close: () => {
      if (tick) clearInterval(tick)
      for (const socket of open) socket.destroy()
      server.close()
    },
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  front.peerAddress = `127.0.0.1:${(server.address() as AddressInfo).port}`
  return front
}

const HANDSHAKE_BYTES = 68
const REQUEST = 6
const CANCEL = 8

/** Reads the downloader's side of a plaintext connection, adding up what it requests. */
function requestCounter(front: PeerFront): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0)
  let skip = HANDSHAKE_BYTES
  return (chunk) => {
    pending = Buffer.concat([pending, chunk])
    if (skip > 0) {
      const dropped = Math.min(skip, pending.length)
      pending = pending.subarray(dropped)
      skip -= dropped
    }
    while (pending.length >= 4 && pending.length >= 4 + pending.readUInt32BE(0)) {
      const length = pending.readUInt32BE(0)
      if (length === 13 && (pending[4] === REQUEST || pending[4] === CANCEL))
        front.asked += (pending[4] === REQUEST ? 1 : -1) * pending.readUInt32BE(13)
      pending = pending.subarray(4 + length)
    }
  }
}
