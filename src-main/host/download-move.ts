import { createReadStream, createWriteStream } from 'node:fs'
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { PeerwatchError } from '../../src-shared/errors.js'
import { dataFolderPath, torrentFilePath } from '../engine/download-layout.js'
import { bytesOfFiles } from './download-dir.js'

export type MoveProgress = (moved: number, total: number) => void

/**
 * Moves one download (`<infoHash>/` and `<infoHash>.torrent`) from one download folder to
 * another: renamed when both are on one disk, else copied file by file with progress and then
 * deleted from where it was. A download the target already holds is refused, never overwritten.
 * Links inside it are not followed (a download holds none of its own).
 */
export async function moveDownload(
  from: string,
  to: string,
  infoHash: string,
  onProgress: MoveProgress = () => {},
): Promise<void> {
  const parts = [
    [dataFolderPath(from, infoHash), dataFolderPath(to, infoHash)],
    [torrentFilePath(from, infoHash), torrentFilePath(to, infoHash)],
  ] as const
  for (const [, target] of parts) {
    if (await lstat(target).catch(() => null))
      throw new PeerwatchError('STORAGE_FAILED', 'The new download folder already holds this download.')
  }
  const sizes = await Promise.all(parts.map(([source]) => bytesOfFiles(source)))
  const total = sizes.reduce((sum, size) => sum + size, 0)
  let moved = 0
  const progress = (bytes: number): void => {
    moved += bytes
    onProgress(Math.min(moved, total), total)
  }
  await mkdir(to, { recursive: true })
  for (const [i, [source, target]] of parts.entries()) {
    if (!(await lstat(source).catch(() => null))) continue
    try {
      await rename(source, target)
      progress(sizes[i] ?? 0)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err
      try {
        await copyTree(source, target, progress)
      } catch (copyErr) {
        await rm(target, { recursive: true, force: true })
        throw copyErr
      }
      await rm(source, { recursive: true, force: true })
    }
  }
  onProgress(total, total)
}

async function copyTree(source: string, target: string, progress: (bytes: number) => void): Promise<void> {
  const info = await lstat(source)
  if (info.isDirectory()) {
    await mkdir(target, { recursive: true })
    for (const child of await readdir(source))
      await copyTree(join(source, child), join(target, child), progress)
    return
  }
  if (!info.isFile()) return
  await mkdir(dirname(target), { recursive: true })
  const reading = createReadStream(source)
  reading.on('data', (chunk) => progress(chunk.length))
  await pipeline(reading, createWriteStream(target, { flags: 'wx' }))
}
