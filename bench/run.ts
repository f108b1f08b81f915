import { mkdir } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { CONTENDERS, Contender, type ContenderName } from './contender.js'
import { aggregateCap, capacityBetween, seekFloorMs, ttfbFloorMs } from './floors.js'
import {
  firstByteAfter,
  MiB,
  percentile,
  seededRandom,
  sustainedRead,
  timedRange,
  undownloadedOffset,
} from './measure.js'
import { runMediaBench } from './media.js'
import { countStalls } from './player.js'
import { type ProfileName, seedersOf } from './profiles.js'
import { CACHE_DIR, type SwarmSpec, startSwarm } from './swarm.js'

// `npm run bench [-- --quick] [-- --json] [-- --contenders a,b] [-- --piece-sizes 262144,1048576]`
// Every contender runs in fresh processes, one after another, each phase against fresh seeders.

interface Result {
  name: ContenderName
  pieceLength: number
  /** The median of the three phases' first bytes, each a fresh process adding the magnet. */
  ttfbMs: number
  ttfbSamplesMs: number[]
  seekP50Ms: number
  seekP95Ms: number
  /** Every seek in the order made, and the floor of each: a p95 of twelve is one or two of them. */
  seekSamplesMs: number[]
  seekFloorsMs: number[]
  stalls: number
  /** Film bytes downloaded and checked per second during the read, and how fast the read itself went. */
  throughputMBps: number
  readMBps: number
  efficiency: number
  peakRssMB: number
  /** The swarm's physical floors for these figures, and each figure over its floor. */
  ttfbFloorMs: number
  seekFloorMs: number
  ttfbRatio: number
  seekP50Ratio: number
  seekP95Ratio: number
}

const FAILED = -1
// The warm-up's connections close and every seeder is idle before a phase's add.
const SWARM_SETTLE_MS = 4_000

const USAGE =
  'usage: npm run bench -- [--profile wan|lan] [--quick] [--json] [--contenders a,b] [--piece-sizes 262144,1048576] | [--media [--quick]]'

function readOptions() {
  try {
    return parseArgs({
      options: {
        quick: { type: 'boolean' },
        json: { type: 'boolean' },
        contenders: { type: 'string' },
        'piece-sizes': { type: 'string' },
        media: { type: 'boolean' },
        profile: { type: 'string' },
      },
    }).values
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message.split('\n')[0]}\n${USAGE}\n`)
    process.exit(2)
  }
}

const values = readOptions()
const quick = values.quick ?? false
const profile = (values.profile ?? 'wan') as ProfileName
if (profile !== 'wan' && profile !== 'lan') {
  process.stderr.write(`bench: unknown profile "${profile}"\n${USAGE}\n`)
  process.exit(2)
}
const params = {
  mode: quick ? 'quick' : 'full',
  profile,
  fileBytes: quick ? 200 * MiB : 2048 * MiB,
  // The same seeders in both modes: only the file shrinks, so a quick run's seeks still land on
  // parts not downloaded yet.
  seeders: seedersOf(profile, quick),
  pieceLengths: (values['piece-sizes'] ?? (quick ? '1048576' : '262144,1048576')).split(',').map(Number),
  seeks: quick ? 10 : 12,
  // lan reads the whole file, as every earlier figure did; over wan that would take most of an
  // hour, and a steady rate shows in two minutes.
  throughputSeconds: profile === 'lan' ? Number.POSITIVE_INFINITY : quick ? 30 : 120,
  player: {
    bitrateShare: 0.6,
    bufferSeconds: 10,
    startSeconds: 2,
    seekEverySeconds: quick ? 20 : 60,
    mediaSeconds: quick ? 40 : 180,
  },
}
const names = (values.contenders?.split(',') ?? Object.keys(CONTENDERS)) as ContenderName[]
const unknown = names.filter((n) => !Object.hasOwn(CONTENDERS, n))
if (unknown.length > 0 || params.pieceLengths.some((n) => !Number.isInteger(n) || n < 16_384)) {
  process.stderr.write(
    `bench: unknown contender or bad piece size (${unknown.join(', ') || values['piece-sizes']})\n${USAGE}\n`,
  )
  process.exit(2)
}
const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`)

async function main(): Promise<void> {
  await mkdir(CACHE_DIR, { recursive: true })
  if (values.media) {
    process.stdout.write(await runMediaBench({ quick, log }))
    return
  }
  const results: Result[] = []
  for (const pieceLength of params.pieceLengths) {
    for (const name of names) {
      const result = await measureContender(name, {
        fileBytes: params.fileBytes,
        pieceLength,
        seeders: params.seeders,
      })
      log(JSON.stringify(result))
      results.push(result)
    }
  }
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  }
  if (values.json)
    process.stdout.write(
      `${JSON.stringify({ params: { ...params, machine, date: new Date().toISOString() }, contenders: results }, null, 2)}\n`,
    )
  else process.stdout.write(markdown(results, machine))
}

async function measureContender(name: ContenderName, spec: SwarmSpec): Promise<Result> {
  log(`${name}, pieces of ${spec.pieceLength / 1024} KiB`)
  const peaks: number[] = []
  const firstBytes: number[] = []
  let infoDictBytes = 0
  const phase = async <T>(
    label: string,
    work: (c: Contender, url: string, addedAt: number) => Promise<T>,
    fallback: T,
  ): Promise<T> => {
    // Fresh seeders for every phase, so each add meets the same swarm: a seeder that served the
    // phase before keeps state that slows or speeds the next one's start (libtorrent's rate
    // limiter banks quota only while a peer waits for it, choke slots, half-closed connections),
    // and that made a contender's first byte depend on which one ran before it.
    const [contender, swarm] = await Promise.all([Contender.start(name), startSwarm(spec, log)])
    infoDictBytes = swarm.infoDictBytes
    await new Promise((resolve) => setTimeout(resolve, SWARM_SETTLE_MS))
    try {
      swarm.phaseStarted()
      const addedAt = performance.now()
      const url = await contender.add(swarm.magnet, swarm.peers)
      const firstByte = await firstByteAfter(url, addedAt)
      firstBytes.push(firstByte)
      log(`${name} ${label}: first byte ${Math.round(firstByte)} ms`)
      return await work(contender, url, addedAt)
    } catch (err) {
      log(`${name} ${label} failed: ${err instanceof Error ? err.message : String(err)}`)
      return fallback
    } finally {
      const peak = await contender.peakRssMB()
      log(`${name} ${label}: peak RSS ${Math.round(peak)} MiB`)
      peaks.push(peak)
      await contender.stop()
      await swarm.stop()
    }
  }
  const { fileBytes, pieceLength, seeders } = spec
  const seeks = await phase(
    'seek',
    async (c, url, addedAt) => {
      const random = seededRandom(pieceLength)
      const times: number[] = []
      const ratios: number[] = []
      const floors: number[] = []
      for (let i = 0; i < params.seeks; i++) {
        const offset = await undownloadedOffset(c, fileBytes, random)
        const floor = seekFloorMs(seeders, {
          fileBytes,
          pieceLength,
          offset,
          bytes: MiB,
          msAfterPhase: performance.now() - addedAt,
        })
        const ms = await timedRange(url, offset, offset + MiB - 1)
        log(`${name} seek ${i + 1}: ${Math.round(ms)} ms, floor ${Math.round(floor)} ms`)
        times.push(ms)
        floors.push(floor)
        ratios.push(ms / floor)
      }
      return {
        times,
        floors,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        floor: percentile(floors, 50),
        p50Ratio: percentile(ratios, 50),
        p95Ratio: percentile(ratios, 95),
      }
    },
    { times: [], floors: [], p50: FAILED, p95: FAILED, floor: FAILED, p50Ratio: FAILED, p95Ratio: FAILED },
  )
  const p = params.player
  const player = { ...p, bytesPerSecond: p.bitrateShare * aggregateCap(seeders) }
  const stalls = await phase(
    'player',
    (c, url) => countStalls(url, c, fileBytes, player, seededRandom(7)),
    FAILED,
  )
  const throughput = await phase(
    'throughput',
    async (c, url, addedAt) => {
      let atFirstByte: Promise<number> = Promise.resolve(0)
      const read = await sustainedRead(url, fileBytes, params.throughputSeconds, () => {
        atFirstByte = c.verified()
      })
      const downloaded = (await c.verified()) - (await atFirstByte)
      const seconds = (read.toMs - read.fromMs) / 1000
      const capacity = capacityBetween(seeders, read.fromMs - addedAt, read.toMs - addedAt)
      return {
        bytesPerSecond: downloaded / seconds,
        readBytesPerSecond: read.bytesPerSecond,
        efficiency: downloaded / seconds / capacity,
      }
    },
    { bytesPerSecond: FAILED, readBytesPerSecond: FAILED, efficiency: FAILED },
  )
  const ttfbFloor = ttfbFloorMs(seeders, pieceLength, infoDictBytes)
  const ttfb = firstBytes.length > 0 ? percentile(firstBytes, 50) : FAILED
  const failedOr = (value: number, digits = 0): number => (value === FAILED ? FAILED : round(value, digits))
  return {
    name,
    pieceLength,
    ttfbMs: failedOr(ttfb),
    ttfbSamplesMs: firstBytes.map((ms) => round(ms)),
    seekP50Ms: round(seeks.p50),
    seekP95Ms: round(seeks.p95),
    seekSamplesMs: seeks.times.map((ms) => round(ms)),
    seekFloorsMs: seeks.floors.map((ms) => round(ms)),
    stalls,
    throughputMBps: throughput.bytesPerSecond === FAILED ? FAILED : round(throughput.bytesPerSecond / MiB, 2),
    readMBps:
      throughput.readBytesPerSecond === FAILED ? FAILED : round(throughput.readBytesPerSecond / MiB, 2),
    efficiency: failedOr(throughput.efficiency, 3),
    peakRssMB: round(Math.max(...peaks)),
    ttfbFloorMs: round(ttfbFloor),
    seekFloorMs: failedOr(seeks.floor),
    ttfbRatio: ttfb === FAILED ? FAILED : round(ttfb / ttfbFloor, 2),
    seekP50Ratio: failedOr(seeks.p50Ratio, 2),
    seekP95Ratio: failedOr(seeks.p95Ratio, 2),
  }
}

function round(value: number, digits = 0): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}

function markdown(results: Result[], machine: Record<string, string | number>): string {
  const cell = (v: number): string => (v === FAILED ? 'failed' : String(v))
  const withFloor = (v: number, ratio: number): string => (v === FAILED ? 'failed' : `${v} (${ratio}x)`)
  const seeders = params.seeders
    .map(
      (s) =>
        `${s.rttMs} ms/${(s.uploadLimit / 1e6).toFixed(1)} MB/s${s.firstHalfOnly ? ' half' : ''}${s.leavesAfterMs ? ' leaves' : ''}${s.joinsAfterMs ? ' joins late' : ''}`,
    )
    .join(', ')
  const lines = [
    `Benchmark (${params.profile}, ${params.mode}): ${params.fileBytes / MiB} MiB file, seeders (round trip/cap) ${seeders}; player at ${params.player.bitrateShare * 100}% of their sum, ${params.seeks} seeks of 1 MiB. ${new Date().toISOString().slice(0, 10)}, ${machine.cpus} x ${machine.cpuModel}, Node ${machine.node}. TTFB: the median of three adds, each in a fresh process against fresh seeders; its floor counts the info dictionary's bytes. In brackets: times the swarm's floor (seek: the median of each seek's own, from the seeders there holding its pieces). MiB/s: film downloaded and checked per second while a reader reads it from the start; read MiB/s: how fast that reader got it. Efficiency: MiB/s over what the seeders there could send.`,
    '',
    '| contender | piece | TTFB ms | seek p50 ms | seek p95 ms | floor TTFB / seek ms | stalls | MiB/s | read MiB/s | efficiency | peak RSS MiB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.map(
      (r) =>
        `| ${r.name} | ${r.pieceLength / 1024} KiB | ${withFloor(r.ttfbMs, r.ttfbRatio)} | ${withFloor(r.seekP50Ms, r.seekP50Ratio)} | ${withFloor(r.seekP95Ms, r.seekP95Ratio)} | ${r.ttfbFloorMs} / ${r.seekFloorMs} | ${cell(r.stalls)} | ${cell(r.throughputMBps)} | ${cell(r.readMBps)} | ${cell(r.efficiency)} | ${cell(r.peakRssMB)} |`,
    ),
  ]
  return `${lines.join('\n')}\n`
}

main().catch((err: unknown) => {
  log(err instanceof Error ? (err.stack ?? err.message) : String(err))
  process.exitCode = 1
})
