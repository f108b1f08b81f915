export interface SeederOptions {
  torrentPath: string
  /** The directory holding the torrent's single file. */
  dataDir: string
  /** Bytes per second, enforced by the client's own rate limiter. */
  uploadLimit: number
  /** The copy may be partial (check it and seed what it has); otherwise it is complete. */
  verify: boolean
}

export interface RunningSeeder {
  /** Its BitTorrent port on 127.0.0.1. */
  port: number
  /** Ends its process; resolves once it has exited. */
  stop(): Promise<void>
}
