import { randomFillSync } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, open, readFile, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import createTorrent from 'create-torrent'
import parseTorrent from 'parse-torrent'
import { type DelayProxy, startDelayProxy } from './delay-proxy.js'
import { aggregateCap } from './floors.js'
import type { SeederSpec } from './profiles.js'
import { ensureSeederTools, type RunningSeeder, startSeeder } from './seeders/index.js'
import { warmUpSeeders } from './seeders/warm-up.js'

export interface SwarmSpec {
  fileBytes: number
  pieceLength: number
  seeders: SeederSpec[]
  /** Seed this file instead of a synthetic one of `fileBytes` (the media section's clips). */
  file?: string
}

export interface Swarm {
  spec: SwarmSpec
  infoHash: string
  /** The bencoded info dictionary's size: what a magnet's metadata exchange carries. */
  infoDictBytes: number
  magnet: string
  peers: string[]
  aggregateCap: number
  /** A contender's phase begins: late seeders are away for now, leaving ones will go. */
  phaseStarted(): void
  /** Ends the seeders and their proxies; resolves once every seeder has exited. */
  stop(): Promise<void>
}

export const CACHE_DIR = join(tmpdir(), 'peerwatch-bench')
export const FILE_NAME = 'synthetic-film.mkv'

/** Seeders of one file, each its own process with its own upload cap, behind its own delay proxy. */
export async function startSwarm(spec: SwarmSpec, log: (line: string) => void): Promise<Swarm> {
  ensureSeederTools(
    spec.seeders.map((seeder) => seeder.kind ?? 'webtorrent'),
    log,
  )
  const dataPath = spec.file ?? join(CACHE_DIR, `data-${spec.fileBytes}`, FILE_NAME)
  if (!spec.file) await ensureDataFile(dataPath, spec.fileBytes, log)
  const torrentPath = await ensureTorrent(dataPath, spec.pieceLength, log)
  const parsed = await parseTorrent(await readFile(torrentPath))
  const seeders: RunningSeeder[] = []
  const proxies: Array<DelayProxy | null> = []
  const timers: NodeJS.Timeout[] = []
  const stop = async (): Promise<void> => {
    for (const timer of timers) clearTimeout(timer)
    await Promise.all([...seeders.map((seeder) => seeder.stop()), ...proxies.map((proxy) => proxy?.close())])
  }
  try {
    const started = await Promise.allSettled(
      spec.seeders.map(async (seeder) => {
        const source = seeder.firstHalfOnly
          ? await ensureFirstHalf(dataPath, spec.pieceLength, log)
          : dataPath
        return startSeeder(seeder.kind ?? 'webtorrent', {
          torrentPath,
          dataDir: dirname(source),
          uploadLimit: seeder.uploadLimit,
          // A seeder with part of the file must check what it has; the others have it all.
          verify: Boolean(seeder.firstHalfOnly),
        })
      }),
    )
    for (const result of started) if (result.status === 'fulfilled') seeders.push(result.value)
    const failure = started.find((result) => result.status === 'rejected')
    if (failure) throw failure.reason
    const ports = seeders.map((seeder) => seeder.port)
    await warmUpSeeders(torrentPath, ports)
    for (const [i, port] of ports.entries()) {
      const seeder = spec.seeders[i] as SeederSpec
      proxies.push(
        seeder.rttMs > 0
          ? await startDelayProxy({
              targetPort: port,
              oneWayMs: seeder.rttMs / 2,
              jitterMs: seeder.jitterMs / 2,
            })
          : null,
      )
    }
    const peers = ports.map((port, i) => proxies[i]?.address ?? `127.0.0.1:${port}`)
    const magnet = `magnet:?xt=urn:btih:${parsed.infoHash}&dn=${encodeURIComponent(basename(dataPath))}${peers.map((p) => `&x.pe=${p}`).join('')}`
    const phaseStarted = (): void => {
      for (const timer of timers.splice(0)) clearTimeout(timer)
      spec.seeders.forEach((seeder, i) => {
        const proxy = proxies[i]
        if (!proxy) return
        proxy.setDown(seeder.joinsAfterMs !== undefined)
        if (seeder.joinsAfterMs !== undefined)
          timers.push(setTimeout(() => proxy.setDown(false), seeder.joinsAfterMs))
        if (seeder.leavesAfterMs !== undefined)
          timers.push(setTimeout(() => proxy.setDown(true), seeder.leavesAfterMs))
      })
    }
    return {
      spec,
      infoHash: parsed.infoHash,
      infoDictBytes: (parsed.infoBuffer as Uint8Array).length,
      magnet,
      peers,
      aggregateCap: aggregateCap(spec.seeders),
      phaseStarted,
      stop,
    }
  } catch (err) {
    await stop()
    throw err
  }
}

/** A copy of the file with only its first half of whole pieces (the rest zeros), for a partial seeder. */
export async function ensureFirstHalf(
  dataPath: string,
  pieceLength: number,
  log: (line: string) => void,
): Promise<string> {
  const copy = join(`${dirname(dataPath)}-first-half-${pieceLength}`, basename(dataPath))
  const { size, mtime } = await stat(dataPath)
  // The copy carries the file's mtime: one that moved was written to by a seeder that fetched more.
  if (existsSync(copy) && (await stat(copy)).size === size && (await stat(copy)).mtimeMs === mtime.getTime())
    return copy
  log(`writing the first half of ${basename(dataPath)} for the partial seeder`)
  await mkdir(dirname(copy), { recursive: true })
  const keep = Math.floor(size / 2 / pieceLength) * pieceLength
  const source = await open(dataPath, 'r')
  const target = await open(copy, 'w')
  const chunk = Buffer.alloc(16 * 2 ** 20)
  for (let at = 0; at < keep; at += chunk.length) {
    const { bytesRead } = await source.read(chunk, 0, Math.min(chunk.length, keep - at), at)
    await target.write(chunk, 0, bytesRead, at)
  }
  await target.truncate(size)
  await Promise.all([source.close(), target.close()])
  await utimes(copy, mtime, mtime)
  return copy
}

export async function ensureDataFile(
  path: string,
  bytes: number,
  log: (line: string) => void,
): Promise<void> {
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

export async function ensureTorrent(
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
