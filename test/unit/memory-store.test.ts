import { describe, expect, it } from 'vitest'
import { BoundedMemoryStore, type EvictionPolicy } from '../../src-main/engine/memory-store.js'
import { patternBytes } from '../helpers/swarm.js'

const PIECE = 1000

/** A policy with scores set by the test (default: distance from a playhead) and a log of drops. */
class ScoredPolicy implements EvictionPolicy {
  readonly scores = new Map<number, number | null>()
  readonly evicted: number[] = []
  playhead = 0

  keepScore(index: number): number | null {
    return this.scores.has(index) ? (this.scores.get(index) ?? null) : Math.abs(index - this.playhead)
  }

  onEvicted(index: number): void {
    this.evicted.push(index)
  }
}

function piece(index: number, length = PIECE): Uint8Array {
  return patternBytes(length, index + 1)
}

function put(store: BoundedMemoryStore, index: number, buf = piece(index)): Promise<void> {
  return new Promise((resolve, reject) => store.put(index, buf, (err) => (err ? reject(err) : resolve())))
}

function get(
  store: BoundedMemoryStore,
  index: number,
  opts: { offset?: number; length?: number } | null = null,
) {
  return new Promise<Uint8Array>((resolve, reject) =>
    store.get(index, opts, (err, buf) =>
      err || !buf ? reject(err ?? new Error('no buffer')) : resolve(buf),
    ),
  )
}

async function held(store: BoundedMemoryStore, indices: number[]): Promise<number[]> {
  const present: number[] = []
  for (const index of indices)
    if (
      await get(store, index).then(
        () => true,
        () => false,
      )
    )
      present.push(index)
  return present
}

describe('BoundedMemoryStore', () => {
  it('never holds more than its budget, whatever is put into it', async () => {
    const policy = new ScoredPolicy()
    const store = new BoundedMemoryStore(PIECE, 3 * PIECE, policy)
    for (let i = 0; i < 12; i++) {
      policy.playhead = i
      await put(store, i, piece(i, i === 11 ? 321 : PIECE))
      expect(store.stats.bytes).toBeLessThanOrEqual(3 * PIECE)
    }
    expect(store.stats.peakBytes).toBeLessThanOrEqual(3 * PIECE)
    expect(store.stats.peakBytes).toBe(3 * PIECE)
    expect(store.stats.evictions).toBe(9)
    expect(policy.evicted).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
    expect(await held(store, [8, 9, 10, 11])).toEqual([9, 10, 11])
    expect(store.stats.bytes).toBe(2 * PIECE + 321)
    expect(store.stats.storedBytes).toBe(11 * PIECE + 321)
  })

  it('drops the piece with the highest keep score and tells the policy which', async () => {
    const policy = new ScoredPolicy()
    policy.scores.set(0, 5).set(1, 50).set(2, 10).set(3, 0)
    const store = new BoundedMemoryStore(PIECE, 3 * PIECE, policy)
    for (const i of [0, 1, 2]) await put(store, i)
    expect(policy.evicted).toEqual([])
    await put(store, 3)
    expect(policy.evicted).toEqual([1])
    expect(await held(store, [0, 1, 2, 3])).toEqual([0, 2, 3])
  })

  it('never drops the piece it has just been given, even when it scores worst', async () => {
    const policy = new ScoredPolicy()
    policy.scores.set(0, 1).set(1, 2).set(2, 1000)
    const store = new BoundedMemoryStore(PIECE, 2 * PIECE, policy)
    for (const i of [0, 1, 2]) await put(store, i)
    expect(policy.evicted).toEqual([1])
    expect(await held(store, [0, 1, 2])).toEqual([0, 2])
  })

  it('keeps must-keep pieces (score null) while anything else can go', async () => {
    const policy = new ScoredPolicy()
    policy.scores.set(0, null).set(1, null).set(2, 1).set(3, 0).set(4, 0)
    const store = new BoundedMemoryStore(PIECE, 3 * PIECE, policy)
    for (const i of [0, 1, 2, 3, 4]) await put(store, i)
    expect(policy.evicted).toEqual([2, 3])
    expect(await held(store, [0, 1, 2, 3, 4])).toEqual([0, 1, 4])
  })

  it('still keeps the budget when only must-keep pieces are left', async () => {
    const policy = new ScoredPolicy()
    for (const i of [0, 1, 2, 3]) policy.scores.set(i, null)
    const store = new BoundedMemoryStore(PIECE, 2 * PIECE, policy)
    for (const i of [0, 1, 2, 3]) await put(store, i)
    expect(store.stats.bytes).toBeLessThanOrEqual(2 * PIECE)
    expect(policy.evicted).toHaveLength(2)
    expect(await held(store, [0, 1, 2, 3])).toContain(3)
  })

  it('counts a piece stored twice once', async () => {
    const store = new BoundedMemoryStore(PIECE, 3 * PIECE, new ScoredPolicy())
    await put(store, 0)
    await put(store, 0, piece(0, 400))
    expect(store.stats.bytes).toBe(400)
    expect(await get(store, 0)).toEqual(piece(0, 400))
  })

  it('returns the exact bytes asked for by offset and length', async () => {
    const store = new BoundedMemoryStore(PIECE, 3 * PIECE, new ScoredPolicy())
    await put(store, 7)
    const bytes = piece(7)
    expect(await get(store, 7)).toEqual(bytes)
    expect(await get(store, 7, { offset: 100, length: 50 })).toEqual(bytes.subarray(100, 150))
    expect(await get(store, 7, { offset: 900 })).toEqual(bytes.subarray(900))
    expect(await get(store, 7, { length: 10 })).toEqual(bytes.subarray(0, 10))
  })

  it('answers a read of an evicted piece with an error, so the torrent fetches it again', async () => {
    const policy = new ScoredPolicy()
    const store = new BoundedMemoryStore(PIECE, PIECE, policy)
    await put(store, 0)
    policy.playhead = 1
    await put(store, 1)
    expect(policy.evicted).toEqual([0])
    await expect(get(store, 0)).rejects.toThrow(/chunk 0/i)
    await expect(get(store, 0, { offset: 10, length: 10 })).rejects.toThrow()
  })

  it('empties on destroy and refuses new pieces afterwards', async () => {
    const store = new BoundedMemoryStore(PIECE, 3 * PIECE, new ScoredPolicy())
    for (const i of [0, 1, 2]) await put(store, i)
    await new Promise<void>((resolve, reject) => store.destroy((err) => (err ? reject(err) : resolve())))
    expect(store.stats.bytes).toBe(0)
    expect(await held(store, [0, 1, 2])).toEqual([])
    await expect(put(store, 3)).rejects.toThrow(/closed/)
  })
})
