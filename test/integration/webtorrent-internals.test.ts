import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type WebTorrent from 'webtorrent'
import type { Torrent, Wire } from 'webtorrent'
import { loopbackClient } from '../../bench/loopback-client.mjs'
import {
  clearCritical,
  decideHotswaps,
  deselectPieces,
  gateBlockRequests,
  interceptMetadata,
  isCritical,
  judgePeerSpeeds,
  knownPeers,
  markUnverified,
  missingInternals,
  outstandingRequests,
  peerRequestCap,
  selectPieces,
  setPeerRequestCap,
  unrequestedBlocks,
  WEBTORRENT_VERSION,
  wakeRequests,
} from '../../src-main/engine/webtorrent-internals.js'
import { patternBytes, type Seeder, startSeeder } from '../helpers/swarm.js'
import { until } from '../helpers/until.js'

// The canary for webtorrent's private parts: if an upgrade renames one or changes what it does,
// these fail here, by name, instead of the engine quietly streaming slower or not at all.

const PIECE = 64 * 1024
const PIECES = 24
const BLOCKS_PER_PIECE = PIECE / (16 * 1024)

let seeder: Seeder | null = null
let client: WebTorrent | null = null
let dir: string | null = null
afterEach(async () => {
  await new Promise<void>((resolve) => (client ? client.destroy(() => resolve()) : resolve()))
  await seeder?.destroy()
  if (dir) await rm(dir, { recursive: true, force: true })
  seeder = client = dir = null
})

async function leech(
  how: 'torrent' | 'magnet',
  before?: (torrent: Torrent) => void,
  opts: { deselect?: boolean } = {},
): Promise<Torrent> {
  seeder = await startSeeder([{ path: 'film.mkv', data: patternBytes(PIECES * PIECE) }], {
    pieceLength: PIECE,
  })
  dir = await mkdtemp(join(tmpdir(), 'pw-internals-'))
  client = loopbackClient()
  const torrent = client.add(how === 'torrent' ? seeder.torrentFile : seeder.magnet, {
    path: dir,
    ...(opts.deselect ? { deselect: true } : {}),
  })
  before?.(torrent)
  const peer = seeder.peerAddress
  if (how === 'torrent') torrent.once('infoHash', () => torrent.addPeer(peer))
  await new Promise<void>((resolve) => (torrent.ready ? resolve() : torrent.once('ready', () => resolve())))
  return torrent
}

const done = (torrent: Torrent): Promise<void> =>
  new Promise((resolve) => (torrent.done ? resolve() : torrent.once('done', () => resolve())))

describe('webtorrent internals the engine relies on', () => {
  it('the installed webtorrent is the version they were read from, and has them all', async () => {
    const require = createRequire(import.meta.url)
    const manifest = JSON.parse(readFileSync(require.resolve('webtorrent/package.json'), 'utf8'))
    expect(manifest.version).toBe(WEBTORRENT_VERSION)
    const torrent = await leech('torrent')
    expect(missingInternals(torrent)).toEqual([])
  })

  it('stream selections fetch exactly their pieces and can be removed', async () => {
    const torrent = await leech('torrent', undefined, { deselect: true })
    selectPieces(torrent, 5, 7, 1)
    await until(() => [5, 6, 7].every((i) => torrent.bitfield.get(i)))
    deselectPieces(torrent, 5, 7)
    await new Promise((resolve) => setTimeout(resolve, 300))
    const have = Array.from({ length: PIECES }, (_, i) => i).filter((i) => torrent.bitfield.get(i))
    expect(have).toEqual([5, 6, 7])
  })

  it('the request gate sees every block request and can hold pieces back', async () => {
    const asked = new Set<number>()
    let open = false
    const torrent = await leech('torrent', (t) =>
      gateBlockRequests(t, (_wire, index) => {
        asked.add(index)
        return open || index >= 4
      }),
    )
    await until(() =>
      Array.from({ length: PIECES - 4 }, (_, i) => i + 4).every((i) => torrent.bitfield.get(i)),
    )
    expect([0, 1, 2, 3].some((i) => torrent.bitfield.get(i))).toBe(false)
    expect(asked.has(0)).toBe(true)
    open = true
    // Nothing wakes webtorrent's loop once its peer has nothing left to send: a selection does.
    selectPieces(torrent, 0, 3, 1)
    await done(torrent)
  })

  it('a lowered reqq caps what webtorrent keeps queued at the peer', async () => {
    let most = 0
    const torrent = await leech('torrent', (t) =>
      gateBlockRequests(t, (wire) => {
        if (peerRequestCap(wire) !== 1) setPeerRequestCap(wire, 1)
        most = Math.max(most, outstandingRequests(wire).length)
        return true
      }),
    )
    await until(() => torrent.downloaded >= 8 * PIECE)
    // Unlimited, webtorrent keeps 2 + a second's worth of blocks out.
    expect(most).toBeLessThanOrEqual(1)
  })

  it('webtorrent sizes pipelines by the speed it is given, and everyone else reads the real one', async () => {
    let most = 0
    const torrent = await leech('torrent', (t) => {
      judgePeerSpeeds(t, () => 0)
      gateBlockRequests(t, (wire) => {
        most = Math.max(most, outstandingRequests(wire).length)
        return true
      })
    })
    await done(torrent)
    // Judged by its real speed on loopback, it keeps 2 + a second's worth of blocks out.
    expect(most).toBeLessThanOrEqual(2)
    expect(torrent.wires.some((w) => w.downloadSpeed() > 0)).toBe(true)
  })

  it('webtorrent goes over its peers again when woken, with nothing else happening', async () => {
    let asked = false
    let open = false
    const torrent = await leech('torrent', (t) =>
      gateBlockRequests(t, () => {
        asked = true
        return open
      }),
    )
    await until(() => asked)
    open = true
    wakeRequests(torrent)
    await until(() => torrent.done)
  })

  it('critical marks, hotswaps of critical pieces, unrequested blocks and unverifying', async () => {
    const hotswapped = new Set<number>()
    const torrent = await leech(
      'torrent',
      (t) =>
        decideHotswaps(t, (_wire: Wire, index, original) => {
          hotswapped.add(index)
          return original()
        }),
      { deselect: true },
    )
    expect(unrequestedBlocks(torrent, 20)).toBe(BLOCKS_PER_PIECE)
    torrent.critical(20, 21)
    expect(isCritical(torrent, 20)).toBe(true)
    expect(isCritical(torrent, 19)).toBe(false)
    selectPieces(torrent, 20, 21, 1)
    await until(() => torrent.bitfield.get(20) && torrent.bitfield.get(21))
    // With one peer every block of a critical piece is soon out: webtorrent then asks whether
    // the peer may take one over from a slower one.
    expect([...hotswapped].every((i) => i === 20 || i === 21)).toBe(true)
    expect(hotswapped.size).toBeGreaterThan(0)
    expect(unrequestedBlocks(torrent, 20)).toBe(0)
    clearCritical(torrent, 20)
    expect(isCritical(torrent, 20)).toBe(false)
    markUnverified(torrent, 21)
    expect(torrent.bitfield.get(21)).toBe(false)
    const peers = [...knownPeers(torrent)]
    expect(peers.some((p) => p.wire !== null && p.conn !== null)).toBe(true)
  })

  it("a magnet's metadata passes the interceptor before webtorrent lays out the files", async () => {
    const seen: unknown[] = []
    const torrent = await leech('magnet', (t) =>
      interceptMetadata(t, async (metadata, handle) => {
        seen.push(metadata)
        expect(t.files.length).toBe(0)
        return handle(metadata)
      }),
    )
    expect(seen).toHaveLength(1)
    expect(torrent.files.map((f) => f.name)).toEqual(['film.mkv'])
  })
})
