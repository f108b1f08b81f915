import { describe, expect, it } from 'vitest'
import { capacityBetween, seekFloorMs, ttfbFloorMs } from '../../bench/floors.js'
import type { SeederSpec } from '../../bench/profiles.js'

const MiB = 2 ** 20
const near: SeederSpec = { rttMs: 20, jitterMs: 0, uploadLimit: 2_000_000 }
const half: SeederSpec = { rttMs: 10, jitterMs: 0, uploadLimit: 1_000_000, firstHalfOnly: true }
const late: SeederSpec = { rttMs: 5, jitterMs: 0, uploadLimit: 1_000_000, joinsAfterMs: 10_000 }
const leaving: SeederSpec = { rttMs: 40, jitterMs: 0, uploadLimit: 1_000_000, leavesAfterMs: 5_000 }
const seek = { fileBytes: 100 * MiB, pieceLength: MiB, bytes: MiB }

describe('the bench floors', () => {
  it('a seek counts only the seeders there that hold its pieces', () => {
    // Two pieces in the first half, before the late one joins: near + half + leaving.
    const early = seekFloorMs([near, half, late, leaving], { ...seek, offset: 10.5 * MiB, msAfterPhase: 0 })
    expect(early).toBeCloseTo(10 + ((2 * MiB) / 4_000_000) * 1000)
    // In the second half the partial seeder cannot help, and later the leaving one is gone.
    const later = seekFloorMs([near, half, late, leaving], {
      ...seek,
      offset: 80.5 * MiB,
      msAfterPhase: 20_000,
    })
    expect(later).toBeCloseTo(5 + ((2 * MiB) / 3_000_000) * 1000)
  })

  it('a seek within one piece waits for that piece only', () => {
    expect(seekFloorMs([near], { ...seek, offset: 3 * MiB, msAfterPhase: 0 })).toBeCloseTo(
      20 + (MiB / 2_000_000) * 1000,
    )
  })

  it('TTFB: each seeder there at the start sends once its handshake, the metadata and a request are done', () => {
    // near alone, with a metadata too small to count: 2 x 20 + 20 ms, then a MiB at 2 MB/s.
    expect(ttfbFloorMs([near, late], MiB, 0)).toBeCloseTo(60 + (MiB / 2_000_000) * 1000)
    // A seeder 1 s away starts after the piece is done and does not lower it.
    const far: SeederSpec = { rttMs: 1000, jitterMs: 0, uploadLimit: 2_000_000 }
    expect(ttfbFloorMs([near, far], MiB, 0)).toBeCloseTo(60 + (MiB / 2_000_000) * 1000)
    // One 60 ms away starts at 180 ms and shares what is left.
    const second: SeederSpec = { rttMs: 60, jitterMs: 0, uploadLimit: 1_000_000 }
    expect(ttfbFloorMs([near, second], MiB, 0)).toBeCloseTo((MiB + 2000 * 60 + 1000 * 180) / 3000)
  })

  it('TTFB counts the info dictionary: its bytes come before any of the piece', () => {
    // 200 kB of metadata from near alone: from 40 ms at 2 MB/s, whole at 140 ms; the piece's
    // request goes out then and the piece follows a round trip later.
    expect(ttfbFloorMs([near], MiB, 200_000)).toBeCloseTo(140 + 20 + (MiB / 2_000_000) * 1000)
    // A second seeder 60 ms away helps with the metadata from 120 ms: 160 kB sent by then, the
    // last 40 kB at 3 MB/s.
    const second: SeederSpec = { rttMs: 60, jitterMs: 0, uploadLimit: 1_000_000 }
    const metadataAt = 120 + 40_000 / 3000
    expect(ttfbFloorMs([near, second], MiB, 200_000)).toBeCloseTo(
      (MiB + 2000 * (metadataAt + 20) + 1000 * (metadataAt + 60)) / 3000,
    )
  })

  it('capacity weighs each seeder by the share of the time it is there', () => {
    // 0-10 s: near all along, leaving for the first half, late never.
    expect(capacityBetween([near, leaving, late], 0, 10_000)).toBeCloseTo(2_500_000)
    expect(capacityBetween([near, leaving, late], 10_000, 20_000)).toBeCloseTo(3_000_000)
  })
})
