import { describe, expect, it } from 'vitest'
import { PlaybackPowerSave, type PowerSaveBlockerLike } from '../../src-main/app/power-save.js'

/** Stands in for Electron's powerSaveBlocker (Electron cannot run here): which ids are held. */
class BlockerStandIn implements PowerSaveBlockerLike {
  readonly held = new Set<number>()
  readonly types: string[] = []
  private next = 1

  start(type: 'prevent-display-sleep'): number {
    this.types.push(type)
    const id = this.next++
    this.held.add(id)
    return id
  }

  stop(id: number): void {
    if (!this.held.delete(id)) throw new Error(`stop(${id}) on a blocker that is not held`)
  }

  isStarted(id: number): boolean {
    return this.held.has(id)
  }
}

describe('the playback power-save blocker', () => {
  it('keeps the display awake while playing and lets it sleep on pause', () => {
    const blocker = new BlockerStandIn()
    const power = new PlaybackPowerSave(blocker)
    power.setPlaying(true)
    expect(blocker.held.size).toBe(1)
    expect(blocker.types).toEqual(['prevent-display-sleep'])
    expect(power.active).toBe(true)
    power.setPlaying(false)
    expect(blocker.held.size).toBe(0)
    expect(power.active).toBe(false)
  })

  it('holds one blocker however many times playing is reported', () => {
    const blocker = new BlockerStandIn()
    const power = new PlaybackPowerSave(blocker)
    power.setPlaying(true)
    power.setPlaying(true)
    power.setPlaying(true)
    expect(blocker.types).toHaveLength(1)
    power.setPlaying(false)
    power.setPlaying(false)
    expect(blocker.held.size).toBe(0)
  })

  it('releases on window close or quit, and again later without complaint', () => {
    const blocker = new BlockerStandIn()
    const power = new PlaybackPowerSave(blocker)
    power.setPlaying(true)
    power.release()
    power.release()
    expect(blocker.held.size).toBe(0)
    power.setPlaying(true)
    expect(blocker.held.size).toBe(1)
  })

  it('starts a new blocker when the old one was stopped behind its back', () => {
    const blocker = new BlockerStandIn()
    const power = new PlaybackPowerSave(blocker)
    power.setPlaying(true)
    blocker.held.clear()
    power.setPlaying(true)
    expect(blocker.held.size).toBe(1)
    power.setPlaying(false)
    expect(blocker.held.size).toBe(0)
  })
})
