import type { Socket } from 'node:net'
import type { Torrent as WebTorrentTorrent, Wire } from 'webtorrent'
import { knownPeers } from './webtorrent-internals.js'

/** Inbound segments shorter than this are acknowledged at once instead of after ~40 ms. */
const SMALL_SEGMENT_BYTES = 1024

/**
 * Peer id prefixes (BEP 20) of clients that disconnect and ban a peer for keep-alives: aria2
 * calls two within five seconds a flood ("Flooding detected"), and a peer acknowledged this way
 * was cut every five seconds, losing a sixth of the swarm's rate to reconnecting.
 */
const KEEP_ALIVE_FLOOD_GUARDS = ['A2-'].map((prefix) => Buffer.from(prefix).toString('hex'))

/**
 * Removes the Nagle/delayed-ACK stalls from the start of every TCP connection. BitTorrent
 * opens with small messages both ways (handshakes, bitfield, unchoke, a piece's 13-byte header
 * ahead of its block). A peer that sends two small writes in a row holds the second until the
 * first is acknowledged, and Linux delays that ACK by up to 40 ms on a connection that looks
 * interactive: a capture of one loopback add showed three such 40 ms waits before the first
 * block. webtorrent sets no TCP_NODELAY, so our own second small write waited the same way.
 * Node cannot set TCP_QUICKACK, so after a small inbound segment that nothing answered in
 * the same turn of the event loop, a 4-byte keep-alive (a valid message at any time after the
 * handshake) carries the ACK out immediately, except to clients that take that for a flood.
 */
export function promptAcks(torrent: WebTorrentTorrent): void {
  torrent.on('wire', (wire: Wire) => {
    const socket = socketOf(torrent, wire)
    if (!socket) return
    socket.setNoDelay(true)
    let pending = false
    socket.on('data', (chunk: Uint8Array) => {
      if (pending || chunk.length >= SMALL_SEGMENT_BYTES) return
      pending = true
      const writtenBefore = socket.bytesWritten
      setImmediate(() => {
        pending = false
        if (wire.destroyed || socket.destroyed || socket.bytesWritten !== writtenBefore) return
        // Checked here, not on arrival: the handshake that carries the peer id is parsed by now.
        if (bansKeepAliveFloods(wire)) return
        wire.keepAlive()
      })
    })
  })
}

function bansKeepAliveFloods(wire: Wire): boolean {
  const id = wire.peerId
  return typeof id === 'string' && KEEP_ALIVE_FLOOD_GUARDS.some((prefix) => id.startsWith(prefix))
}

function socketOf(torrent: WebTorrentTorrent, wire: Wire): Socket | null {
  for (const peer of knownPeers(torrent)) {
    if (peer.wire !== wire) continue
    const conn = peer.conn as Partial<Socket> | null
    return typeof conn?.setNoDelay === 'function' && typeof conn.bytesWritten === 'number'
      ? (conn as Socket)
      : null
  }
  return null
}
