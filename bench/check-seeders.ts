// Does each kind of seeder serve over a delay proxy, at its own cap, to several peers on 127.0.0.1,
// and does a partial one serve its first half and nothing of the second? Prints one line per check.
// node --import tsx bench/check-seeders.ts [kind ...]
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { Torrent } from 'webtorrent'
import { startDelayProxy } from './delay-proxy.js'
import { loopbackClient } from './loopback-client.mjs'
import { MiB } from './measure.js'
import type { SeederKind } from './profiles.js'
import { ensureSeederTools, startSeeder } from './seeders/index.js'
import { CACHE_DIR, ensureDataFile, ensureFirstHalf, ensureTorrent, FILE_NAME } from './swarm.js'

const CAP = 1_000_000
const FILE_BYTES = 64 * MiB
const PIECE_LENGTH = 256 * 1024
const RTT_MS = 60
// TCP's slow start and the first requests are not the steady rate; nor is Transmission's start, which
// unchokes a new peer at its next 10 s rechoke and grows its sending with its measured speed.
const WARMUP_MS = 3_000
const SETTLE_TIMEOUT_MS = 30_000
const MEASURE_MS = 15_000
/** A second peer joins from 127.0.0.1 for this long: both must get data, and their sum stay at the cap. */
const SHARED_MS = 10_000
const TOLERANCE = 0.15

const ALL_KINDS: SeederKind[] = ['libtorrent', 'webtorrent', 'aria2', 'transmission']
const kinds = process.argv.length > 2 ? (process.argv.slice(2) as SeederKind[]) : ALL_KINDS
const log = (line: string): void => void process.stderr.write(`check: ${line}\n`)

interface Downloader {
  torrent: Torrent
  stop(): Promise<void>
}

async function download(torrentFile: Buffer, peer: string): Promise<Downloader> {
  const client = loopbackClient()
  const path = await mkdtemp(join(tmpdir(), 'peerwatch-check-'))
  const torrent = client.add(torrentFile, { path })
  torrent.once('ready', () => torrent.addPeer(peer))
  return {
    torrent,
    stop: async () => {
      await new Promise<void>((resolve) => client.destroy(() => resolve()))
      await rm(path, { recursive: true, force: true })
    },
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function firstByte(torrent: Torrent, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (torrent.downloaded === 0) {
    if (Date.now() > deadline) throw new Error('no data in 30 s')
    await sleep(50)
  }
}

/** Waits for a second at 85% of the cap or more, or gives up waiting after SETTLE_TIMEOUT_MS. */
async function settled(torrent: Torrent): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS
  let last = torrent.downloaded
  while (Date.now() < deadline) {
    await sleep(1000)
    if (torrent.downloaded - last >= 0.85 * CAP) return
    last = torrent.downloaded
  }
}

/** Bytes per second over `ms`, and the slowest and fastest second. */
async function rateOver(torrent: Torrent, ms: number) {
  const perSecond: number[] = []
  const start = torrent.downloaded
  let last = start
  for (let t = 0; t < ms; t += 1000) {
    await sleep(1000)
    perSecond.push(torrent.downloaded - last)
    last = torrent.downloaded
  }
  return { rate: (last - start) / (ms / 1000), min: Math.min(...perSecond), max: Math.max(...perSecond) }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`
const mb = (bytes: number): string => (bytes / 1e6).toFixed(3)
const verdict = (ok: boolean): string => (ok ? 'ok' : 'FAIL')

async function check(kind: SeederKind, partial: boolean): Promise<boolean> {
  const dataPath = join(CACHE_DIR, `data-${FILE_BYTES}`, FILE_NAME)
  await ensureDataFile(dataPath, FILE_BYTES, log)
  const torrentPath = await ensureTorrent(dataPath, PIECE_LENGTH, log)
  const source = partial ? await ensureFirstHalf(dataPath, PIECE_LENGTH, log) : dataPath
  const startedAt = Date.now()
  const seeder = await startSeeder(kind, {
    torrentPath,
    dataDir: dirname(source),
    uploadLimit: CAP,
    verify: partial,
  })
  const readyMs = Date.now() - startedAt
  const proxy = await startDelayProxy({ targetPort: seeder.port, oneWayMs: RTT_MS / 2 })
  const torrentFile = await readFile(torrentPath)
  const downloaders: Downloader[] = []
  try {
    const first = await download(torrentFile, proxy.address)
    downloaders.push(first)
    await firstByte(first.torrent)
    const firstByteMs = Date.now() - startedAt - readyMs
    await sleep(WARMUP_MS)
    await settled(first.torrent)
    const settledMs = Date.now() - startedAt - readyMs
    const alone = await rateOver(first.torrent, MEASURE_MS)
    const within = Math.abs(alone.rate / CAP - 1) <= TOLERANCE
    const name = `${kind}${partial ? ' (first half)' : ''}`
    console.log(
      `${name.padEnd(26)} ready in ${seconds(readyMs)}, first byte ${seconds(firstByteMs)} later, steady after ${seconds(settledMs)}; one peer: ${mb(alone.rate)} MB/s over ${MEASURE_MS / 1000} s = ${(alone.rate / CAP).toFixed(2)} x cap (seconds ${mb(alone.min)}-${mb(alone.max)}) ${verdict(within)}`,
    )
    if (partial) return servesFirstHalfOnly(first.torrent) && within
    const second = await download(torrentFile, proxy.address)
    downloaders.push(second)
    await firstByte(second.torrent)
    const before = [first.torrent.downloaded, second.torrent.downloaded]
    await sleep(SHARED_MS)
    const shares = [first.torrent.downloaded - (before[0] ?? 0), second.torrent.downloaded - (before[1] ?? 0)]
    const sum = (shares[0] ?? 0) + (shares[1] ?? 0)
    const shared =
      shares.every((bytes) => bytes > 0) && Math.abs(sum / (SHARED_MS / 1000) / CAP - 1) <= TOLERANCE
    console.log(
      `${''.padEnd(26)} two peers from 127.0.0.1: ${shares.map((b) => mb(b / (SHARED_MS / 1000))).join(' + ')} = ${mb(sum / (SHARED_MS / 1000))} MB/s ${verdict(shared)}`,
    )
    return within && shared
  } finally {
    for (const downloader of downloaders) await downloader.stop()
    await proxy.close()
    await seeder.stop()
  }
}

/** The seeder announces every piece of the first half and none of the second, and we got only first-half pieces. */
function servesFirstHalfOnly(torrent: Torrent): boolean {
  const pieces = torrent.pieces.length
  const half = Math.floor(FILE_BYTES / 2 / PIECE_LENGTH)
  const wire = torrent.wires[0]
  const announced = Array.from({ length: pieces }, (_, i) => Boolean(wire?.peerPieces.get(i)))
  const got = Array.from({ length: pieces }, (_, i) => torrent.bitfield.get(i))
  const firstHalfAnnounced = announced.slice(0, half).filter(Boolean).length
  const secondHalfAnnounced = announced.slice(half).filter(Boolean).length
  const secondHalfGot = got.slice(half).filter(Boolean).length
  const ok = firstHalfAnnounced === half && secondHalfAnnounced === 0 && secondHalfGot === 0
  console.log(
    `${''.padEnd(26)} has ${firstHalfAnnounced}/${half} first-half pieces, ${secondHalfAnnounced}/${pieces - half} second-half; we got ${got.slice(0, half).filter(Boolean).length} first-half, ${secondHalfGot} second-half ${verdict(ok)}`,
  )
  return ok
}

ensureSeederTools(kinds, log)
let allOk = true
for (const kind of kinds) {
  for (const partial of [false, true]) {
    const ok = await check(kind, partial).catch((err: Error) => {
      console.log(`${kind}${partial ? ' (first half)' : ''}: ${err.message}`)
      return false
    })
    allOk &&= ok
  }
}
process.exit(allOk ? 0 : 1)
