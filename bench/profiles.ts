import { MiB } from './measure.js'

/** One seeder of a benchmark swarm: how far away it is, how fast it sends, what it has, when it is there. */
export interface SeederSpec {
  /** Round trip added by its delay proxy (0: straight on loopback). */
  rttMs: number
  jitterMs: number
  /** Its own upload cap, bytes per second. */
  uploadLimit: number
  /** It holds only the first half of the file. */
  firstHalfOnly?: boolean
  /** It leaves this long after each phase starts (its connections cut, no new ones). */
  leavesAfterMs?: number
  /** It is reachable only this long after each phase starts. */
  joinsAfterMs?: number
}

export type ProfileName = 'lan' | 'wan'

/**
 * `lan`: the loopback swarm every earlier figure comes from (4 seeders x 2 MiB/s, no delay).
 * `wan`: peers as the internet has them, 20-400 ms away with jitter, 0.2-2 MB/s each, one with
 * half the file, one that leaves mid-phase and one that joins late.
 */
export function seedersOf(profile: ProfileName, quick: boolean): SeederSpec[] {
  if (profile === 'lan')
    return Array.from({ length: 4 }, () => ({ rttMs: 0, jitterMs: 0, uploadLimit: 2 * MiB }))
  return [
    { rttMs: 20, jitterMs: 4, uploadLimit: 2_000_000 },
    { rttMs: 60, jitterMs: 10, uploadLimit: 1_000_000 },
    { rttMs: 120, jitterMs: 20, uploadLimit: 800_000 },
    { rttMs: 200, jitterMs: 30, uploadLimit: 500_000, firstHalfOnly: true },
    { rttMs: 300, jitterMs: 40, uploadLimit: 400_000, leavesAfterMs: quick ? 20_000 : 60_000 },
    { rttMs: 400, jitterMs: 50, uploadLimit: 200_000, joinsAfterMs: quick ? 5_000 : 20_000 },
  ]
}

/** What the seeders can send together, bytes per second. */
export function aggregateCap(seeders: SeederSpec[]): number {
  return seeders.reduce((sum, s) => sum + s.uploadLimit, 0)
}

/**
 * The physical floor of a seek of `bytes` at a random offset: the shortest round trip, plus the
 * pieces that must arrive whole to be verified at the seeders' summed rate. A lower bound: it
 * counts every seeder as having every piece and sending at its cap.
 */
export function seekFloorMs(seeders: SeederSpec[], pieceLength: number, bytes: number): number {
  // A range at a random offset straddles one piece more than its length fills.
  const pieces = Math.ceil(bytes / pieceLength) + 1
  return minRtt(seeders) + ((pieces * pieceLength) / aggregateCap(seeders)) * 1000
}

/** TTFB's floor: connect, handshake, metadata and the piece request (four round trips), then one piece. */
export function ttfbFloorMs(seeders: SeederSpec[], pieceLength: number): number {
  return 4 * minRtt(seeders) + (pieceLength / aggregateCap(seeders)) * 1000
}

function minRtt(seeders: SeederSpec[]): number {
  return Math.min(...seeders.map((s) => s.rttMs))
}
