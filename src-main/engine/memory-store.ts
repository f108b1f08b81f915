import type { ChunkStore, ChunkStoreConstructor, ChunkStoreGetOptions } from 'webtorrent'

/** Decides which held piece to drop when the budget is exceeded, and hears about the drop. */
export interface EvictionPolicy {
  /** Lower keeps longer. `null` means "must keep" (a playhead is about to read it). */
  keepScore(index: number): number | null
  onEvicted(index: number): void
}

export interface MemoryStoreStats {
  bytes: number
  peakBytes: number
  evictions: number
  /** Every byte ever stored (checked pieces, counted again when fetched again after eviction). */
  storedBytes: number
}

/**
 * A chunk store that never holds more than `budgetBytes`: when a new piece would exceed the
 * budget, the pieces the policy values least (far from every playhead) are dropped and the
 * torrent forgets it had them, so they are fetched again if anyone comes back for them.
 */
export class BoundedMemoryStore implements ChunkStore {
  readonly chunkLength: number
  readonly stats: MemoryStoreStats = { bytes: 0, peakBytes: 0, evictions: 0, storedBytes: 0 }
  private readonly chunks = new Map<number, Uint8Array>()
  private closed = false

  constructor(
    chunkLength: number,
    private readonly budgetBytes: number,
    private readonly policy: EvictionPolicy,
  ) {
    this.chunkLength = chunkLength
  }

  put(index: number, buf: Uint8Array, cb: (err?: Error | null) => void = noop): void {
    if (this.closed) {
      queueMicrotask(() => cb(new Error('Storage is closed')))
      return
    }
    this.drop(index)
    this.chunks.set(index, buf)
    this.stats.bytes += buf.length
    this.stats.storedBytes += buf.length
    this.evictOver(index)
    this.stats.peakBytes = Math.max(this.stats.peakBytes, this.stats.bytes)
    // Synchronous on purpose: webtorrent marks the piece verified in this callback, and a
    // deferred one could land after a later put has already evicted the piece.
    cb(null)
  }

  get(
    index: number,
    opts: ChunkStoreGetOptions | null,
    cb: (err: Error | null, buf?: Uint8Array) => void,
  ): void {
    const chunk = this.chunks.get(index)
    if (!chunk) {
      queueMicrotask(() => cb(new Error(`Chunk ${index} is not in memory`)))
      return
    }
    const offset = opts?.offset ?? 0
    const length = opts?.length ?? chunk.length - offset
    const slice = chunk.subarray(offset, offset + length)
    queueMicrotask(() => cb(null, slice))
  }

  close(cb: (err?: Error | null) => void = noop): void {
    this.closed = true
    queueMicrotask(() => cb(null))
  }

  destroy(cb: (err?: Error | null) => void = noop): void {
    this.closed = true
    this.chunks.clear()
    this.stats.bytes = 0
    queueMicrotask(() => cb(null))
  }

  private evictOver(justStored: number): void {
    while (this.stats.bytes > this.budgetBytes) {
      const victim = this.pickVictim(justStored)
      if (victim === undefined) return
      this.drop(victim)
      this.stats.evictions += 1
      this.policy.onEvicted(victim)
    }
  }

  private pickVictim(justStored: number): number | undefined {
    let victim: number | undefined
    let victimScore = Number.NEGATIVE_INFINITY
    let fallback: number | undefined
    for (const index of this.chunks.keys()) {
      if (index === justStored) continue
      const score = this.policy.keepScore(index)
      if (score === null) {
        // Over budget with only must-keep pieces left: drop the one furthest along anyway,
        // because the budget is the promise and a re-fetch is only a delay.
        if (fallback === undefined || index > fallback) fallback = index
        continue
      }
      if (score > victimScore) {
        victim = index
        victimScore = score
      }
    }
    return victim ?? fallback
  }

  private drop(index: number): void {
    const existing = this.chunks.get(index)
    if (!existing) return
    this.chunks.delete(index)
    this.stats.bytes -= existing.length
  }
}

/** webtorrent constructs its store itself: bind the budget and policy into a constructor. */
export function boundedMemoryStore(
  budgetBytes: number,
  policy: EvictionPolicy,
  onCreate: (store: BoundedMemoryStore) => void,
): ChunkStoreConstructor {
  return class extends BoundedMemoryStore {
    constructor(chunkLength: number) {
      super(chunkLength, budgetBytes, policy)
      onCreate(this)
    }
  }
}

function noop(): void {}
