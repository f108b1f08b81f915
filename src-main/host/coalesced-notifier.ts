/**
 * Turns bursts of changes into at most one call per interval, and never drops the last one:
 * after any `notify()` the callback runs once more, at most `intervalMs` after the previous run.
 */
export class CoalescedNotifier {
  private timer: NodeJS.Timeout | null = null
  private lastRun = Number.NEGATIVE_INFINITY
  private closed = false

  constructor(
    private readonly intervalMs: number,
    private readonly run: () => void,
  ) {}

  notify(): void {
    if (this.timer || this.closed) return
    const wait = Math.max(0, this.lastRun + this.intervalMs - Date.now())
    // Even with no wait, a timer lets a synchronous burst collapse into one call.
    this.timer = setTimeout(() => this.fire(), wait)
  }

  /** Runs now if something is pending (on shutdown, so the last change is not lost). */
  flush(): void {
    if (!this.timer) return
    clearTimeout(this.timer)
    this.fire()
  }

  close(): void {
    this.flush()
    this.closed = true
  }

  private fire(): void {
    this.timer = null
    this.lastRun = Date.now()
    this.run()
  }
}
