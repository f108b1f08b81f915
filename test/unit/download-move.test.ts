import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { moveDownload } from '../../src-main/host/download-move.js'

// Moving a download into a new download folder: one rename on one disk, a copy with progress
// onto another (an external drive), and never over a download the target already holds.

const HASH = 'a'.repeat(40)
const made: string[] = []
afterEach(async () => {
  for (const folder of made.splice(0)) await rm(folder, { recursive: true, force: true })
})

async function folderIn(parent: string): Promise<string> {
  const folder = await mkdtemp(join(parent, 'pw-move-'))
  made.push(folder)
  return folder
}

async function download(folder: string): Promise<void> {
  await mkdir(join(folder, HASH, 'Film'), { recursive: true })
  await writeFile(join(folder, HASH, 'Film', 'film.mkv'), Buffer.alloc(300_000, 3))
  await writeFile(join(folder, HASH, 'Film', 'film.srt'), 'subtitles')
  await writeFile(join(folder, `${HASH}.torrent`), 'metainfo')
}

describe('moving a download to another folder', () => {
  it.each([
    ['on the same disk', tmpdir()],
    // /dev/shm is another file system here: rename fails with EXDEV and the files are copied.
    ['onto another disk', existsSync('/dev/shm') ? '/dev/shm' : tmpdir()],
  ])(
    '%s: every file arrives, the old place is empty, and progress ends at the total',
    async (_, targetDisk) => {
      const from = await folderIn(tmpdir())
      const to = join(await folderIn(targetDisk), 'downloads')
      await download(from)
      const seen: Array<[number, number]> = []
      await moveDownload(from, to, HASH, (moved, total) => seen.push([moved, total]))
      expect((await readFile(join(to, HASH, 'Film', 'film.mkv'))).length).toBe(300_000)
      expect(await readFile(join(to, HASH, 'Film', 'film.srt'), 'utf8')).toBe('subtitles')
      expect(await readFile(join(to, `${HASH}.torrent`), 'utf8')).toBe('metainfo')
      expect(existsSync(join(from, HASH))).toBe(false)
      expect(existsSync(join(from, `${HASH}.torrent`))).toBe(false)
      const total = 300_000 + 'subtitles'.length + 'metainfo'.length
      expect(seen.at(-1)).toEqual([total, total])
      for (const [moved] of seen) expect(moved).toBeLessThanOrEqual(total)
    },
  )

  it('refuses to overwrite the same download in the target, and leaves both as they were', async () => {
    const from = await folderIn(tmpdir())
    const to = await folderIn(tmpdir())
    await download(from)
    await mkdir(join(to, HASH))
    await writeFile(join(to, HASH, 'mine.txt'), 'keep')
    await expect(moveDownload(from, to, HASH)).rejects.toMatchObject({ code: 'STORAGE_FAILED' })
    expect(await readFile(join(to, HASH, 'mine.txt'), 'utf8')).toBe('keep')
    expect(existsSync(join(from, HASH, 'Film', 'film.mkv'))).toBe(true)
  })
})
