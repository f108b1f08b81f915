import { describe, expect, it } from 'vitest'
import { waterLevel } from '../../src-main/engine/water-level.js'

describe('waterLevel', () => {
  it('one peer: its start plus the bytes at its rate', () => {
    expect(waterLevel([{ eta: 0.1, rate: 1000 }], 500)).toBeCloseTo(0.6)
  })

  it('a peer that would start after the others are done adds nothing', () => {
    const peers = [
      { eta: 0, rate: 1000 },
      { eta: 2, rate: 1_000_000 },
    ]
    expect(waterLevel(peers, 1000)).toBeCloseTo(1)
  })

  it('peers that start in time share the rest by their rates', () => {
    // 0-0.5 s the first alone sends 500; then both send 1500/s: the other 1000 take 2/3 s.
    const peers = [
      { eta: 0, rate: 1000 },
      { eta: 0.5, rate: 500 },
    ]
    expect(waterLevel(peers, 1500)).toBeCloseTo(0.5 + 2 / 3)
  })
})
