import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ownedMarkPath } from '../../src-main/engine/download-layout.js'
import { httpGet, startTestEngine, type TestEngine } from '../helpers/engine.js'
import { patternBytes, type Seeder, startSeeder } from '../helpers/swarm.js'

// A magnet's file list comes from peers, so a peer chooses the names Peerwatch writes to disk.

let seeder: Seeder | undefined
let t: TestEngine | undefined

afterAll(async () => {
  await t?.close()
  await seeder?.destroy()
})

describe('a torrent whose peers send unsafe file names', () => {
  it('writes every file under safe names inside its own folder, and streams them', async () => {
    const film = patternBytes(300_000, 3)
    seeder = await startSeeder(
      [
        { path: 'CON.mkv', data: film },
        { path: 'aux.srt', data: new TextEncoder().encode('1\n00:00:01,000 --> 00:00:02,000\nHi\n') },
      ],
      { name: 'Night Film...', pieceLength: 16 * 1024 },
    )
    t = await startTestEngine()
    await t.engine.add({ torrentId: seeder.magnet })
    const meta = await t.next('wt-metadata')
    // Names Windows cannot create, and a folder name Windows would silently shorten.
    expect(meta.files.map((f) => f.path)).toEqual(['Night Film/_CON.mkv', 'Night Film/_aux.srt'])
    const running = await t.next('wt-server-running')
    const res = await httpGet(running.url, { range: 'bytes=0-' })
    expect(res.body.equals(Buffer.from(film))).toBe(true)

    const downloads = join(t.dir, 'downloads')
    const folder = join(downloads, seeder.infoHash, 'Night Film')
    await expect.poll(() => existsSync(join(folder, '_CON.mkv'))).toBe(true)
    // Marked as Peerwatch's own: the library may adopt it, and cleanup delete it, later.
    expect(existsSync(ownedMarkPath(downloads, seeder.infoHash))).toBe(true)
    // Nothing but the engine's own names appears beside the torrent's folder.
    const top = (await readdir(downloads)).filter((n) => !n.startsWith(seeder?.infoHash ?? '-'))
    expect(top).toEqual([])
  })
})
