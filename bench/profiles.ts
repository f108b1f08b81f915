import { MiB } from './measure.js'

/** One seeder of a benchmark swarm: how far away it is, how fast it sends, what it has, when it is there. */
/** The BitTorrent client a seeder runs: swarms on the internet are mostly libtorrent (qBittorrent, Deluge), Transmission and others. */
export type SeederKind = 'webtorrent' | 'libtorrent' | 'aria2' | 'transmission'

export interface SeederSpec {
  /** Which client seeds (default webtorrent). */
  kind?: SeederKind
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
    { kind: 'libtorrent', rttMs: 20, jitterMs: 4, uploadLimit: 2_000_000 },
    { kind: 'webtorrent', rttMs: 60, jitterMs: 10, uploadLimit: 1_000_000 },
    { kind: 'aria2', rttMs: 120, jitterMs: 20, uploadLimit: 800_000 },
    { kind: 'libtorrent', rttMs: 200, jitterMs: 30, uploadLimit: 500_000, firstHalfOnly: true },
    {
      kind: 'transmission',
      rttMs: 300,
      jitterMs: 40,
      uploadLimit: 400_000,
      leavesAfterMs: quick ? 20_000 : 60_000,
    },
    {
      kind: 'webtorrent',
      rttMs: 400,
      jitterMs: 50,
      uploadLimit: 200_000,
      joinsAfterMs: quick ? 5_000 : 20_000,
    },
  ]
}
