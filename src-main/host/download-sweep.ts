import { lstat, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { markIsLive } from '../engine/active-marks.js'
import { activeMarkPath, dataFolderPath, removeDownload, torrentFilePath } from '../engine/download-layout.js'
import { bytesOnDisk, listDownloadDir, recordFromDisk } from './download-dir.js'
import type { RemovedDownload } from './retention.js'

export interface KeptDownload {
  infoHash: string
  name: string
  /** 'open': a running Peerwatch has it open (its mark's process lives); 'recent': used within the limit. */
  reason: 'open' | 'recent'
}

export interface DownloadSweep {
  removed: RemovedDownload[]
  kept: KeptDownload[]
}

export interface DownloadSweepOptions {
  olderThanMs: number
  now?: number
  /** Report what would go, delete nothing. */
  dryRun?: boolean
}

/**
 * What `peerwatch cleanup` does, from the disk alone (it may run from cron, beside a running
 * app): every download Peerwatch made (its `<infoHash>/` folder carries the owned mark) whose
 * newest file is older than the limit and that no running Peerwatch has marked open is deleted,
 * with its `<infoHash>.torrent`. Nothing else in the folder is touched; links are never followed.
 */
export async function sweepDownloadDir(
  downloadDir: string,
  opts: DownloadSweepOptions,
): Promise<DownloadSweep> {
  const now = opts.now ?? Date.now()
  const listing = await listDownloadDir(downloadDir)
  const result: DownloadSweep = { removed: [], kept: [] }
  const infoHashes = [...listing.owned].sort()
  for (const infoHash of infoHashes) {
    const record = await recordFromDisk(downloadDir, infoHash, listing)
    const markPath = activeMarkPath(downloadDir, infoHash)
    const mark = await mtimeOf(markPath)
    if (await markIsLive(markPath, now)) {
      result.kept.push({ infoHash, name: record.name, reason: 'open' })
      continue
    }
    const lastUsed = Math.max(
      mark ?? 0,
      (await mtimeOf(torrentFilePath(downloadDir, infoHash))) ?? 0,
      await newestMtime(dataFolderPath(downloadDir, infoHash)),
    )
    if (now - lastUsed < opts.olderThanMs) {
      result.kept.push({ infoHash, name: record.name, reason: 'recent' })
      continue
    }
    const bytes = await bytesOnDisk(dataFolderPath(downloadDir, infoHash))
    if (!opts.dryRun) await removeDownload(downloadDir, infoHash)
    result.removed.push({ infoHash, name: record.name, bytes })
  }
  return result
}

async function mtimeOf(path: string): Promise<number | null> {
  const info = await lstat(path).catch(() => null)
  return info ? info.mtimeMs : null
}

/** The newest modification under a folder (the folder's own included), without following links. */
async function newestMtime(path: string): Promise<number> {
  const info = await lstat(path).catch(() => null)
  if (!info) return 0
  let newest = info.mtimeMs
  if (!info.isDirectory()) return newest
  const entries = await readdir(path).catch(() => [])
  for (const entry of entries) newest = Math.max(newest, await newestMtime(join(path, entry)))
  return newest
}
