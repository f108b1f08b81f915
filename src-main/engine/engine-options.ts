import { z } from 'zod'
import type { DownloaderTuning } from './downloader.js'

/** How an Engine runs. The zod schema checks options that arrive from outside (the worker's env). */
export const engineOptionsSchema = z.object({
  downloadDir: z.string().min(1),
  store: z.enum(['disk', 'memory']).optional(),
  memoryBudgetBytes: z.number().int().positive().optional(),
  /** A torrent nobody has read from for this long is closed (its data stays on disk). */
  idleSeconds: z.number().positive().optional(),
  /** DHT, local discovery and port mapping; off leaves only trackers and peers in the link. */
  discovery: z.boolean().optional(),
  torrentPort: z.number().int().min(0).max(65_535).optional(),
  progressIntervalMs: z.number().int().positive().optional(),
  /** Origins allowed to read streams cross-origin (the desktop renderer's, for <track>). */
  corsOrigins: z.array(z.string()).optional(),
  /**
   * 'own': the engine listens on its own loopback port. 'mounted': it opens no server; another
   * server (`peerwatch serve`) passes it the requests under /stream/ and URLs are origin-relative.
   */
  streamServer: z.enum(['own', 'mounted']).optional(),
  /**
   * The loopback port of the own stream server; 0 or absent: any free port. The desktop keeps
   * one port across engine restarts because its page's CSP names it.
   */
  streamPort: z.number().int().min(0).max(65_535).optional(),
})

export type EngineOptions = z.infer<typeof engineOptionsSchema> & { downloader?: Partial<DownloaderTuning> }

export type ResolvedEngineOptions = Required<
  Omit<EngineOptions, 'torrentPort' | 'streamPort' | 'downloader'>
> &
  EngineOptions

/**
 * Memory mode's default budget. With the runtime (~90 MiB) and the pieces in flight (~35 MiB) a
 * worker stays under 300 MiB whatever the film's size (bench: docs/PERFORMANCE.md).
 */
export const DEFAULT_MEMORY_BUDGET_MB = 80

/** How long a torrent nobody reads from stays open by default (Settings and `--idle` change it). */
export const DEFAULT_IDLE_CLOSE_SECONDS = 180

export function withDefaults(options: EngineOptions): ResolvedEngineOptions {
  return {
    store: 'disk',
    memoryBudgetBytes: DEFAULT_MEMORY_BUDGET_MB * 1024 * 1024,
    idleSeconds: DEFAULT_IDLE_CLOSE_SECONDS,
    discovery: true,
    progressIntervalMs: 1000,
    corsOrigins: [],
    streamServer: 'own',
    ...options,
  }
}
