import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { cueBefore, readMatroskaCues } from '../../src-main/media/matroska-cues.js'
import { patternBytes } from '../helpers/swarm.js'

const CLUSTER_ID = [0x1f, 0x43, 0xb6, 0x75]

async function fixture(name: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(new URL(`../fixtures/${name}`, import.meta.url)))
}

const reader = (bytes: Uint8Array) => async (start: number, end: number) => bytes.subarray(start, end + 1)

describe("a Matroska file's keyframe index", () => {
  it('maps every keyframe time of an MKV to the byte where its cluster starts', async () => {
    const bytes = await fixture('h264-ac3-5.1.mkv')
    const cues = await readMatroskaCues(reader(bytes), bytes.length)
    expect(cues?.map((c) => Math.round(c.seconds))).toEqual([0, 2, 4, 6, 8, 10])
    for (const cue of cues ?? []) expect([...bytes.subarray(cue.offset, cue.offset + 4)]).toEqual(CLUSTER_ID)
    expect(cueBefore(cues ?? [], 7.3)?.seconds).toBeCloseTo(6, 1)
    expect(cueBefore(cues ?? [], 1)?.offset).toBe(cues?.[0]?.offset)
    expect(cueBefore(cues ?? [], 0.001)).toBeNull()
  })

  it('finds nothing in what is not Matroska, and never throws on it', async () => {
    const mp4 = await fixture('faststart.mp4')
    expect(await readMatroskaCues(reader(mp4), mp4.length)).toBeNull()
    const noise = patternBytes(100_000, 5)
    expect(await readMatroskaCues(reader(noise), noise.length)).toBeNull()
  })
})
