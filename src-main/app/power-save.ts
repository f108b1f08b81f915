/** Electron's powerSaveBlocker, as far as Peerwatch uses it. */
export interface PowerSaveBlockerLike {
  start(type: 'prevent-display-sleep'): number
  stop(id: number): void
  isStarted(id: number): boolean
}

/**
 * Keeps the display awake while the page says a video plays: one blocker at most, released
 * when playback stops, the window closes or the app quits.
 */
export class PlaybackPowerSave {
  private id: number | null = null

  constructor(private readonly blocker: PowerSaveBlockerLike) {}

  get active(): boolean {
    return this.id !== null && this.blocker.isStarted(this.id)
  }

  setPlaying(playing: boolean): void {
    if (playing) this.hold()
    else this.release()
  }

  release(): void {
    if (this.id === null) return
    const id = this.id
    this.id = null
    if (this.blocker.isStarted(id)) this.blocker.stop(id)
  }

  private hold(): void {
    if (this.active) return
    this.id = this.blocker.start('prevent-display-sleep')
  }
}
