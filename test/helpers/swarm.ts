import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type WebTorrent from 'webtorrent'
import type { Torrent } from 'webtorrent'
import { loopbackClient } from '../../bench/loopback-client.mjs'

export interface SeedFile {
  /** Path inside the torrent, e.g. "Film/film.mp4". */
  path: string
  data: Uint8Array
}

export interface Seeder {
  torrent: Torrent
  infoHash: string
  /** 127.0.0.1:PORT of the seeding client. */
  peerAddress: string
  /** A magnet that names only this loopback peer (x.pe): nothing leaves the machine. */
  magnet: string
  torrentFile: Uint8Array
  client: WebTorrent
  destroy(): Promise<void>
}

/** A magnet naming every given seeder (they seed the same torrent). */
export function magnetFor(...swarm: Array<Pick<Seeder, 'infoHash' | 'peerAddress'>>): string {
  const [first] = swarm
  if (!first) throw new Error('no seeder')
  return `magnet:?xt=urn:btih:${first.infoHash}${swarm.map((s) => `&x.pe=${s.peerAddress}`).join('')}`
}

/** A real webtorrent seeder on loopback with every public discovery switched off. */
export async function startSeeder(
  files: SeedFile[],
  /** `peerId`: the seeder's BEP 20 id in hex, to pose as another client. */
  opts: { uploadLimit?: number; pieceLength?: number; name?: string; peerId?: string } = {},
): Promise<Seeder> {
  const dir = await mkdtemp(join(tmpdir(), 'pw-seed-'))
  const root = opts.name ?? 'Seeded'
  const paths: string[] = []
  for (const file of files) {
    const full = join(dir, root, file.path)
    await mkdir(join(full, '..'), { recursive: true })
    await writeFile(full, file.data)
    paths.push(full)
  }
  const client = loopbackClient(opts.uploadLimit, opts.peerId)
  const input = files.length === 1 ? (paths[0] as string) : join(dir, root)
  const torrent = await new Promise<Torrent>((resolve) =>
    client.seed(
      input,
      { announce: [], ...(opts.pieceLength ? { pieceLength: opts.pieceLength } : {}) },
      resolve,
    ),
  )
  await new Promise<void>((resolve) =>
    client.address() ? resolve() : client.once('listening', () => resolve()),
  )
  const address = client.address()
  if (!address) throw new Error('seeder is not listening')
  const peerAddress = `127.0.0.1:${address.port}`
  return {
    torrent,
    infoHash: torrent.infoHash,
    peerAddress,
    magnet: `magnet:?xt=urn:btih:${torrent.infoHash}&dn=${encodeURIComponent(torrent.name)}&x.pe=${peerAddress}`,
    torrentFile: torrent.torrentFile,
    client,
    destroy: async () => {
      await new Promise<void>((resolve) => client.destroy(() => resolve()))
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** Deterministic pseudo-random bytes: a test failure can be reproduced. */
export function patternBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length)
  let x = seed >>> 0 || 1
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}
