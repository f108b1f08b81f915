import { crc32 } from 'node:zlib'
import type { Torrent as WebTorrentTorrent, Wire } from 'webtorrent'

interface Block {
  wire: Wire
  digest: number
}

/** Failed attempts kept per piece, to compare with the one that finally verifies. */
const ATTEMPTS_KEPT = 3

/** After this many failures in a row, a piece is fetched from one peer at a time. */
const ISOLATE_AFTER_FAILURES = 2

/**
 * Finds the peer that sends corrupt blocks and disconnects it ("smart ban"). webtorrent only
 * drops a piece that fails its hash and asks again, so a fast liar can poison a piece forever
 * (at a playhead, critical requests even take blocks away from slower, honest peers).
 * - Each block's checksum and sender is remembered. When a piece verifies, whoever sent a block
 *   in an earlier failed attempt that differs from the good one is banned.
 * - A piece that keeps failing is then fetched from one peer at a time (the others are told
 *   nothing; webtorrent simply stops seeing the piece in their bitfields for that attempt), so
 *   it either verifies or convicts that single sender.
 * Banned peers are disconnected and removed from the swarm, so they are not dialled again.
 */
export class CorruptPeerGuard {
  private readonly current = new Map<number, Map<number, Block>>()
  private readonly failed = new Map<number, Array<Map<number, Block>>>()
  private readonly banned = new Set<string>()
  private readonly failures = new Map<number, number>()
  /** Piece -> the wires it is hidden from while one peer alone fetches it. */
  private readonly isolated = new Map<number, Wire[]>()

  constructor(private readonly torrent: WebTorrentTorrent) {
    torrent.on('wire', (wire: Wire) => this.watch(wire))
    torrent.on('verified', (index: number) => this.onVerified(index))
    torrent.on('warning', (err: Error) => {
      const failedPiece = /^Piece (\d+) failed verification$/.exec(err?.message ?? '')
      if (failedPiece) this.onFailed(Number(failedPiece[1]))
    })
  }

  private watch(wire: Wire): void {
    if (this.banned.has(addressOf(wire))) {
      wire.destroy()
      return
    }
    wire.on('piece', (index: number, offset: number, buffer: Uint8Array) => {
      let blocks = this.current.get(index)
      if (!blocks) {
        blocks = new Map()
        this.current.set(index, blocks)
      }
      blocks.set(offset, { wire, digest: crc32(buffer) })
    })
  }

  private onFailed(index: number): void {
    const attempt = this.current.get(index)
    this.current.delete(index)
    this.reveal(index)
    const failures = (this.failures.get(index) ?? 0) + 1
    this.failures.set(index, failures)
    if (attempt) {
      const senders = new Set([...attempt.values()].map((b) => b.wire))
      // Every block of a bad piece from one peer: that peer sent garbage.
      if (senders.size === 1) for (const wire of senders) this.ban(wire)
      const attempts = this.failed.get(index) ?? []
      attempts.push(attempt)
      this.failed.set(index, attempts.slice(-ATTEMPTS_KEPT))
    }
    if (failures >= ISOLATE_AFTER_FAILURES) this.isolate(index, failures)
  }

  /** The next attempt at `index` goes to one peer, a different one each time. */
  private isolate(index: number, failures: number): void {
    const holders = this.torrent.wires.filter((w) => !w.destroyed && w.peerPieces.get(index))
    if (holders.length < 2) return
    const chosen = holders[failures % holders.length]
    const hidden = holders.filter((w) => w !== chosen)
    for (const wire of hidden) wire.peerPieces.set(index, false)
    this.isolated.set(index, hidden)
  }

  private reveal(index: number): void {
    for (const wire of this.isolated.get(index) ?? []) if (!wire.destroyed) wire.peerPieces.set(index, true)
    this.isolated.delete(index)
  }

  private onVerified(index: number): void {
    const good = this.current.get(index)
    this.current.delete(index)
    this.reveal(index)
    this.failures.delete(index)
    const attempts = this.failed.get(index)
    this.failed.delete(index)
    if (!good || !attempts) return
    for (const attempt of attempts) {
      for (const [offset, block] of attempt) {
        const truth = good.get(offset)
        if (truth && truth.digest !== block.digest) this.ban(block.wire)
      }
    }
  }

  private ban(wire: Wire): void {
    const address = addressOf(wire)
    if (this.banned.has(address)) return
    this.banned.add(address)
    this.torrent.removePeer(address)
    wire.destroy()
  }
}

function addressOf(wire: Wire): string {
  return `${wire.remoteAddress}:${wire.remotePort}`
}
