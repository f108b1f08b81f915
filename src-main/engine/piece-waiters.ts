/**
 * Readers waiting for a piece of one torrent, woken with its bytes when they land, or with
 * none (the piece verified without them passing by, or the torrent closed).
 */
export class PieceWaiters {
  private readonly waiting = new Map<number, Set<(landed?: Uint8Array) => void>>()

  /** `false` when aborted; the piece's bytes when they landed while waiting; else `true`. */
  wait(index: number, signal: AbortSignal): Promise<Uint8Array | boolean> {
    if (signal.aborted) return Promise.resolve(false)
    return new Promise((resolve) => {
      const waiters = this.waiting.get(index) ?? new Set()
      this.waiting.set(index, waiters)
      const done = (): void => {
        waiters.delete(wake)
        if (waiters.size === 0) this.waiting.delete(index)
        signal.removeEventListener('abort', onAbort)
      }
      const wake = (landed?: Uint8Array): void => {
        done()
        resolve(landed ?? true)
      }
      const onAbort = (): void => {
        done()
        resolve(false)
      }
      waiters.add(wake)
      signal.addEventListener('abort', onAbort, { once: true })
    })
  }

  wake(index: number, landed?: Uint8Array): void {
    const waiters = this.waiting.get(index)
    if (waiters) for (const wake of [...waiters]) wake(landed)
  }

  wakeAll(): void {
    for (const index of [...this.waiting.keys()]) this.wake(index)
  }
}
