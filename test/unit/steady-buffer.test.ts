import { describe, expect, it } from 'vitest'
import { secondsToWait } from '../../src-renderer/playback/steady-buffer.js'

// A 64 s film of 33.3 MB needs 520 kB/s.
const film = { length: 33_280_000, duration: 64 }

describe('how long to wait so a slow swarm then plays through', () => {
  it('waits once for what the shortfall adds up to over the rest of the film', () => {
    // At 300 kB/s, from the start with nothing downloaded: 33.3 MB take 111 s, the film 64 s.
    expect(secondsToWait({ ...film, position: 0, ranges: [], rate: 300_000 })).toBeCloseTo(46.9, 1)
  })

  it('counts what is already downloaded ahead, and only from where the film is', () => {
    const ahead = secondsToWait({ ...film, position: 32, ranges: [[16_640_000, 20_799_999]], rate: 300_000 })
    // 32 s left need 16.64 MB; 4.16 MB are there, 12.48 MB take 41.6 s to come.
    expect(ahead).toBeCloseTo(9.6, 1)
    const behind = secondsToWait({ ...film, position: 32, ranges: [[0, 16_000_000]], rate: 300_000 })
    expect(behind).toBeCloseTo(23.5, 1)
  })

  it('does not wait when the swarm keeps up, and waits without end when it sends nothing', () => {
    expect(secondsToWait({ ...film, position: 10, ranges: [], rate: 600_000 })).toBe(0)
    expect(secondsToWait({ ...film, position: 10, ranges: [], rate: 0 })).toBe(Number.POSITIVE_INFINITY)
    expect(secondsToWait({ ...film, position: 10, ranges: [[0, film.length - 1]], rate: 0 })).toBe(0)
  })
})
