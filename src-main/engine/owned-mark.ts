import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * `<downloadDir>/<infoHash>/.peerwatch`, written when Peerwatch saves a torrent's metainfo: the
 * library adopts, and `peerwatch cleanup` deletes, only downloads that carry it, so a 40-hex
 * folder or `.torrent` of another program's (qBittorrent keeps `<infoHash>.torrent` files) in a
 * chosen folder is never listed as a film, nor swept away.
 */
export const OWNED_MARK = '.peerwatch'

export const ownedMarkPath = (downloadDir: string, infoHash: string): string =>
  join(downloadDir, infoHash, OWNED_MARK)

export async function markOwned(downloadDir: string, infoHash: string): Promise<void> {
  await mkdir(join(downloadDir, infoHash), { recursive: true })
  await writeFile(ownedMarkPath(downloadDir, infoHash), '')
}
