import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { killRunningClis, startCli } from '../helpers/cli-process.js'
import { patternBytes, type Seeder, startSeeder } from '../helpers/swarm.js'
import { httpRequest, signIn, WireClient } from '../helpers/web-client.js'

// A hundred players at once against `peerwatch serve`: every byte right, memory bounded, and the
// interface's WebSocket still answering while it happens.

const KiB = 1024
const MiB = 1024 * KiB
const RANGES = 100
/** The serve process's peak resident memory may not pass this, whatever the load. */
const RSS_BOUND_MB = 400

let seeder: Seeder | undefined
let dataDir = ''
let client: WireClient | undefined

afterAll(async () => {
  client?.close()
  await killRunningClis()
  await seeder?.destroy()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024
}

describe('load on peerwatch serve', () => {
  it('serves 100 concurrent ranges over 3 files byte-exact, with bounded memory and a live WebSocket', async () => {
    const films = [patternBytes(6 * MiB, 31), patternBytes(5 * MiB, 32), patternBytes(4 * MiB, 33)]
    seeder = await startSeeder(
      films.map((data, i) => ({ path: `part-${i + 1}.mkv`, data })),
      { name: 'Three Parts', pieceLength: 64 * KiB, uploadLimit: 8 * MiB },
    )
    dataDir = await mkdtemp(join(tmpdir(), 'pw-load-'))
    const serve = startCli(['serve', '--json', '--no-dht', '--data-dir', dataDir])
    const tokenUrl = String((await serve.waitForEvent('serve-running')).url)
    const origin = new URL(tokenUrl).origin
    const cookie = await signIn(tokenUrl)
    client = await WireClient.open(`${origin.replace('http', 'ws')}/ws`, { cookie, origin })
    await client.request('wt-add', { torrentId: seeder.magnet })
    const meta = (await client.event('wt-metadata')).payload as {
      files: Array<{ index: number; name: string }>
    }
    const urls = await Promise.all(
      meta.files.map(async (f) => {
        const answer = await client?.request('wt-select-file', {
          infoHash: seeder?.infoHash,
          fileIndex: f.index,
        })
        const result = answer?.result as { value: { url: string } } | undefined
        return { name: f.name, url: result?.value.url ?? '' }
      }),
    )

    const jobs = Array.from({ length: RANGES }, (_, i) => {
      const which = i % 3
      const film = films[which] as Uint8Array
      const start = Math.floor((((i * 7919) % 997) / 997) * (film.length - 300 * KiB))
      const end = start + 32 * KiB + ((i * 104_729) % (256 * KiB))
      const url = urls.find((u) => u.name === `part-${which + 1}.mkv`)?.url ?? ''
      return httpRequest(origin, url, { headers: { range: `bytes=${start}-${end}` } }).then((res) => ({
        ok: res.status === 206 && res.body.equals(Buffer.from(film.subarray(start, end + 1))),
      }))
    })
    // Meanwhile the interface keeps talking to the engine.
    const roundTrips: number[] = []
    const ping = (async () => {
      for (let i = 0; i < 20; i++) {
        const sent = performance.now()
        const answer = await client?.request('wt-list', {})
        expect(answer?.result.ok).toBe(true)
        roundTrips.push(performance.now() - sent)
      }
    })()
    const results = await Promise.all(jobs)
    await ping
    expect(results.filter((r) => !r.ok)).toHaveLength(0)
    const peak = peakRssMb(serve.child.pid ?? 0)
    roundTrips.sort((a, b) => a - b)
    console.log(
      `load: ${RANGES} ranges byte-exact; serve peak RSS ${peak.toFixed(0)} MiB; WebSocket round trip median ${roundTrips[10]?.toFixed(1)} ms, max ${roundTrips.at(-1)?.toFixed(1)} ms`,
    )
    expect(peak).toBeGreaterThan(0)
    expect(peak).toBeLessThan(RSS_BOUND_MB)
  })
})
