import type { Stats } from 'node:fs'
import { constants } from 'node:fs'
import { access, lstat, readdir, stat } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import {
  dataFolderPath,
  infoHashOfFolder,
  infoHashOfTorrentFile,
  OWNED_MARK,
  ownedMarkPath,
  torrentFilePath,
} from '../engine/download-layout.js'
import { fileKind } from '../engine/media-kinds.js'
import { pathExists } from '../engine/path-exists.js'
import { resolveTorrentId } from '../engine/torrent-id.js'
import type { LibraryRecord } from './library-document.js'

// What the host reads of the download folder; its layout is the engine's (download-layout.ts).
// Re-exported while library-actions.ts still imports them from here.

export interface DownloadDirListing {
  /** False when the folder is missing (an unplugged drive, say): nothing may be concluded. */
  exists: boolean
  folders: Set<string>
  torrentFiles: Set<string>
  /** The downloads Peerwatch made (their owned mark): the only ones it may adopt or delete unasked. */
  owned: Set<string>
}

/**
 * Why a folder cannot be the download folder, or null when it can: it must exist (the system's
 * dialog creates one when asked; nothing is created unasked) and be this user's to write in.
 */
export async function downloadFolderProblem(path: string): Promise<string | null> {
  if (!isAbsolute(path)) return 'The download folder must be an absolute path.'
  const found = await stat(path).catch(() => null)
  if (!found) return `${path} does not exist. Choose a folder, or create one in the dialog.`
  if (!found.isDirectory()) return `${path} is a file, not a folder.`
  const writable = await access(path, constants.W_OK | constants.X_OK).then(
    () => true,
    () => false,
  )
  return writable ? null : `Peerwatch cannot write in ${path}. Choose a folder of your own.`
}

export async function listDownloadDir(downloadDir: string): Promise<DownloadDirListing> {
  const listing: DownloadDirListing = {
    exists: false,
    folders: new Set(),
    torrentFiles: new Set(),
    owned: new Set(),
  }
  const entries = await readdir(downloadDir, { withFileTypes: true }).catch(() => null)
  if (!entries) return listing
  listing.exists = true
  for (const entry of entries) {
    const folder = entry.isDirectory() ? infoHashOfFolder(entry.name) : null
    if (folder) {
      listing.folders.add(folder)
      if (await pathExists(ownedMarkPath(downloadDir, folder))) listing.owned.add(folder)
    }
    const torrent = entry.isFile() ? infoHashOfTorrentFile(entry.name) : null
    if (torrent) listing.torrentFiles.add(torrent)
  }
  return listing
}

/** Bytes the files under `path` really occupy (a sparse, half-downloaded file counts its blocks). */
export function bytesOnDisk(path: string): Promise<number> {
  return sumOverFiles(path, allocatedBytes)
}

/** Bytes the files under `path` hold (their sizes: what a copy of them writes). */
export function bytesOfFiles(path: string): Promise<number> {
  return sumOverFiles(path, (info) => info.size)
}

async function sumOverFiles(path: string, measure: (info: Stats) => number): Promise<number> {
  // lstat: a link inside a download is counted as itself, never followed out of the folder.
  const info = await lstat(path).catch(() => null)
  if (!info) return 0
  if (info.isFile()) return measure(info)
  if (!info.isDirectory()) return 0
  const children = await readdir(path).catch(() => [])
  let total = 0
  for (const child of children) total += await sumOverFiles(join(path, child), measure)
  return total
}

function allocatedBytes(info: Stats): number {
  if (process.platform === 'win32' || !(info.blocks > 0)) return info.size
  return Math.min(info.size, info.blocks * 512)
}

/** A library record for a download found on disk that the library did not know. */
export async function recordFromDisk(
  downloadDir: string,
  infoHash: string,
  listing: DownloadDirListing,
): Promise<LibraryRecord> {
  const folder = dataFolderPath(downloadDir, infoHash)
  const hasFolder = listing.folders.has(infoHash)
  const metainfo = listing.torrentFiles.has(infoHash) ? await readMetainfo(downloadDir, infoHash) : null
  const times = await stat(hasFolder ? folder : torrentFilePath(downloadDir, infoHash)).catch(() => null)
  const when = Math.round(times?.mtimeMs ?? Date.now())
  const length = metainfo?.length ?? 0
  const onDisk = hasFolder ? await bytesOnDisk(folder) : 0
  return {
    infoHash,
    name: metainfo?.name ?? (hasFolder ? await singleChildName(folder) : null) ?? infoHash,
    length,
    downloaded: length > 0 ? Math.min(onDisk, length) : onDisk,
    files: metainfo?.files ?? [],
    addedAt: when,
    lastActiveAt: when,
    positions: [],
  }
}

async function readMetainfo(
  downloadDir: string,
  infoHash: string,
): Promise<Pick<LibraryRecord, 'name' | 'length' | 'files'> | null> {
  try {
    const parsed = await resolveTorrentId(torrentFilePath(downloadDir, infoHash))
    if (parsed.infoHash.toLowerCase() !== infoHash) return null
    const files = (parsed.files ?? []).map((f, index) => ({
      index,
      path: f.path,
      name: f.name,
      length: f.length,
      kind: fileKind(f.name),
    }))
    return { name: parsed.name ?? infoHash, length: parsed.length ?? 0, files }
  } catch {
    return null
  }
}

async function singleChildName(folder: string): Promise<string | null> {
  const children = (await readdir(folder).catch(() => [])).filter((name) => name !== OWNED_MARK)
  return children.length === 1 ? (children[0] ?? null) : null
}
