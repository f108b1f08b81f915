import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from './atomic-write.js'

/**
 * The download folder, as the engine writes it and the host reads it; nothing else in the
 * folder is Peerwatch's to touch:
 * - `<infoHash>/`: the torrent's data, as webtorrent lays it out;
 * - `<infoHash>/.peerwatch`: the owned mark, written with the metainfo. The library adopts, and
 *   `peerwatch cleanup` deletes, only downloads that carry it, so a 40-hex folder or `.torrent`
 *   of another program's (qBittorrent keeps `<infoHash>.torrent` files) is never listed as a
 *   film, nor swept away;
 * - `<infoHash>.torrent`: the metainfo, so the library can open it again without peers;
 * - `<infoHash>.active`: an open mark, rewritten every minute while an engine has it open
 *   (active-marks.ts).
 */
export const OWNED_MARK = '.peerwatch'

export const dataFolderPath = (downloadDir: string, infoHash: string): string => join(downloadDir, infoHash)

export const ownedMarkPath = (downloadDir: string, infoHash: string): string =>
  join(dataFolderPath(downloadDir, infoHash), OWNED_MARK)

export const torrentFilePath = (downloadDir: string, infoHash: string): string =>
  join(downloadDir, `${infoHash}.torrent`)

export const activeMarkPath = (downloadDir: string, infoHash: string): string =>
  join(downloadDir, `${infoHash}.active`)

/** The infohash a data folder's name stands for, or null for a folder that is not one. */
export function infoHashOfFolder(name: string): string | null {
  return INFOHASH.test(name) ? name : null
}

/** The infohash a `<infoHash>.torrent` name stands for, or null for any other file. */
export function infoHashOfTorrentFile(name: string): string | null {
  return TORRENT_FILE.exec(name)?.[1] ?? null
}

/** Saves a torrent's metainfo beside its data, marking the download as Peerwatch's own. */
export async function saveMetainfo(
  downloadDir: string,
  infoHash: string,
  torrentFile: Uint8Array,
): Promise<void> {
  await mkdir(dataFolderPath(downloadDir, infoHash), { recursive: true })
  await writeFile(ownedMarkPath(downloadDir, infoHash), '')
  await writeFileAtomic(torrentFilePath(downloadDir, infoHash), torrentFile)
}

/** Deletes a torrent's data folder, .torrent file and open mark; missing ones are not an error. */
export async function removeDownload(downloadDir: string, infoHash: string): Promise<void> {
  await rm(dataFolderPath(downloadDir, infoHash), { recursive: true, force: true })
  await rm(torrentFilePath(downloadDir, infoHash), { force: true })
  await rm(activeMarkPath(downloadDir, infoHash), { force: true })
}

const INFOHASH = /^[0-9a-f]{40}$/
const TORRENT_FILE = /^([0-9a-f]{40})\.torrent$/
