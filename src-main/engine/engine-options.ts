import { z } from 'zod'
import type { DownloaderOptions } from './downloader.js'

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
})

export type EngineOptions = z.infer<typeof engineOptionsSchema> & { downloader?: Partial<DownloaderOptions> }

export type ResolvedEngineOptions = Required<Omit<EngineOptions, 'torrentPort' | 'downloader'>> &
  EngineOptions

export function withDefaults(options: EngineOptions): ResolvedEngineOptions {
  return {
    store: 'disk',
    memoryBudgetBytes: 256 * 1024 * 1024,
    idleSeconds: 180,
    discovery: true,
    progressIntervalMs: 1000,
    corsOrigins: [],
    ...options,
  }
}
