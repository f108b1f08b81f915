import { type ChildProcess, fork } from 'node:child_process'
import { randomFillSync } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, open, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import createTorrent from 'create-torrent'
import parseTorrent from 'parse-torrent'

export interface SwarmSpec {
  fileBytes: number
  pieceLength: number
  seeders: number
  /** Upload cap of each seeder, bytes per second. */
  seederUploadLimit: number
  /** Seed this file instead of a synthetic one of `fileBytes` (the media section's clips). */
  file?: string
}

export interface Swarm {
  spec: SwarmSpec
  infoHash: string
  magnet: string
  peers: string[]
  aggregateCap: number
  stop(): void
}

export const CACHE_DIR = join(tmpdir(), 'peerwatch-bench')
const FILE_NAME = 'synthetic-film.mkv'

/** K seeders of one synthetic file, each its own process with its own upload cap. */
export async function startSwarm(spec: SwarmSpec, log: (line: string) => void): Promise<Swarm> {
  const dataPath = spec.file ?? join(CACHE_DIR, `data-${spec.fileBytes}`, FILE_NAME)
  const dataDir = dirname(dataPath)
  if (!spec.file) await ensureDataFile(dataPath, spec.fileBytes, log)
  const torrentPath = await ensureTorrent(dataPath, spec.pieceLength, log)
  const parsed = await parseTorrent(await readFile(torrentPath))
  const children: ChildProcess[] = []
  const stop = (): void => {
    for (const child of children) child.kill()
  }
  try {
    const ports = await Promise.all(
      Array.from({ length: spec.seeders }, () => {
        const child = fork(
          new URL('./seeder.mjs', import.meta.url).pathname,
          [JSON.stringify({ torrentPath, dataDir, uploadLimit: spec.seederUploadLimit })],
          { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
        )
        children.push(child)
        return new Promise<number>((resolve, reject) => {
          child.once('message', (m) => resolve((m as { port: number }).port))
          child.once('exit', (code) => reject(new Error(`a seeder exited with ${code}`)))
        })
      }),
    )
    const peers = ports.map((port) => `127.0.0.1:${port}`)
    const magnet = `magnet:?xt=urn:btih:${parsed.infoHash}&dn=${encodeURIComponent(basename(dataPath))}${peers.map((p) => `&x.pe=${p}`).join('')}`
    return {
      spec,
      infoHash: parsed.infoHash,
      magnet,
      peers,
      aggregateCap: spec.seeders * spec.seederUploadLimit,
      stop,
    }
  } catch (err) {
    stop()
    throw err
  }
}

async function ensureDataFile(path: string, bytes: number, log: (line: string) => void): Promise<void> {
  if (existsSync(path) && (await stat(path)).size === bytes) return
  log(`writing a ${Math.round(bytes / 2 ** 20)} MiB synthetic film to ${path}`)
  await mkdir(join(path, '..'), { recursive: true })
  const handle = await open(path, 'w')
  const chunk = Buffer.alloc(16 * 2 ** 20)
  for (let written = 0; written < bytes; written += chunk.length) {
    randomFillSync(chunk)
    await handle.write(chunk, 0, Math.min(chunk.length, bytes - written))
  }
  await handle.close()
}

async function ensureTorrent(
  dataPath: string,
  pieceLength: number,
  log: (line: string) => void,
): Promise<string> {
  const torrentPath = `${dataPath}.${pieceLength}.torrent`
  if (existsSync(torrentPath) && (await stat(torrentPath)).mtimeMs > (await stat(dataPath)).mtimeMs)
    return torrentPath
  log(`hashing pieces of ${pieceLength / 1024} KiB`)
  const bytes = await new Promise<Uint8Array>((resolve, reject) =>
    createTorrent(
      dataPath,
      { pieceLength, announceList: [[]], createdBy: 'peerwatch-bench' },
      (err, torrent) => (err ? reject(err) : resolve(torrent)),
    ),
  )
  await writeFile(torrentPath, bytes)
  return torrentPath
}
