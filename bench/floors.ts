import { waterLevel } from '../src-main/engine/water-level.js'
import type { SeederSpec } from './profiles.js'

/** What the seeders can send together, bytes per second, when all of them are there. */
export function aggregateCap(seeders: SeederSpec[]): number {
  return seeders.reduce((sum, s) => sum + s.uploadLimit, 0)
}

/** Whether a seeder is reachable `ms` after a phase started (it may join late or leave). */
export function presentAt(seeder: SeederSpec, ms: number): boolean {
  if (seeder.joinsAfterMs !== undefined && ms < seeder.joinsAfterMs) return false
  if (seeder.leavesAfterMs !== undefined && ms >= seeder.leavesAfterMs) return false
  return true
}

/** Whether a seeder holds `piece` (a partial seeder has the whole pieces of the first half). */
export function holds(seeder: SeederSpec, piece: number, fileBytes: number, pieceLength: number): boolean {
  return !seeder.firstHalfOnly || piece < Math.floor(fileBytes / 2 / pieceLength)
}

export interface SeekAt {
  fileBytes: number
  pieceLength: number
  offset: number
  bytes: number
  /** When the seek was asked for, ms after its phase started. */
  msAfterPhase: number
}

/**
 * The physical floor of one seek: the shortest round trip among the seeders there that hold its
 * pieces, plus those pieces (which must arrive whole to be verified) at those seeders' summed
 * cap. A lower bound: it counts each of them as sending nothing but this seek, at its cap.
 */
export function seekFloorMs(seeders: SeederSpec[], seek: SeekAt): number {
  const first = Math.floor(seek.offset / seek.pieceLength)
  const last = Math.floor((seek.offset + seek.bytes - 1) / seek.pieceLength)
  let rttMs = 0
  let sendMs = 0
  for (let piece = first; piece <= last; piece++) {
    const able = seeders.filter(
      (s) => presentAt(s, seek.msAfterPhase) && holds(s, piece, seek.fileBytes, seek.pieceLength),
    )
    rttMs = Math.max(rttMs, minRtt(able))
    sendMs += (seek.pieceLength / aggregateCap(able)) * 1000
  }
  return rttMs + sendMs
}

/**
 * TTFB's floor: the metadata, then the first piece. Each seeder there at the start can send
 * metadata once its handshake and our request are done (two of its round trips), and they share
 * the info dictionary's bytes at their caps (a 2 GiB film in 256 KiB pieces has 160 KiB of piece
 * hashes in it). Once the metadata is whole, each can send the piece a round trip later (our
 * request; unchoking ours went on meanwhile), at its cap. The floor is when they together have
 * sent one piece.
 */
export function ttfbFloorMs(seeders: SeederSpec[], pieceLength: number, infoDictBytes: number): number {
  const there = seeders.filter((s) => presentAt(s, 0))
  const byEta = (a: { eta: number }, b: { eta: number }): number => a.eta - b.eta
  const metadataAt = waterLevel(
    there.map((s) => ({ eta: 2 * s.rttMs, rate: s.uploadLimit / 1000 })).sort(byEta),
    infoDictBytes,
  )
  const starts = there
    .map((s) => ({ eta: Math.max(2 * s.rttMs, metadataAt) + s.rttMs, rate: s.uploadLimit / 1000 }))
    .sort(byEta)
  return waterLevel(starts, pieceLength)
}

/**
 * What the seeders could send on average between two moments of a phase, bytes per second:
 * each one's cap for the share of that time it is there.
 */
export function capacityBetween(seeders: SeederSpec[], fromMs: number, toMs: number): number {
  const span = Math.max(1, toMs - fromMs)
  let bytes = 0
  for (const s of seeders) {
    const start = Math.max(fromMs, s.joinsAfterMs ?? Number.NEGATIVE_INFINITY)
    const end = Math.min(toMs, s.leavesAfterMs ?? Number.POSITIVE_INFINITY)
    if (end > start) bytes += s.uploadLimit * ((end - start) / 1000)
  }
  return bytes / (span / 1000)
}

function minRtt(seeders: SeederSpec[]): number {
  return seeders.length === 0 ? Number.NaN : Math.min(...seeders.map((s) => s.rttMs))
}
