import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mediaTools, withMedia } from '../../src-main/media/index.js'
import type { PlayerCapabilities } from '../../src-shared/contract.js'
import { stoppedAfterEachTest } from '../helpers/per-test.js'
import { patternBytes } from '../helpers/swarm.js'

// The media layer against a real loopback swarm: ffprobe and ffmpeg read the engine's own
// stream URL while the file downloads, and the converted stream is checked with ffprobe.

const FIXTURES = new URL('../fixtures/', import.meta.url)
const KiB = 1024
const run = promisify(execFile)
const { seed, engine } = stoppedAfterEachTest()

let scratch: string
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'pw-media-'))
})
afterAll(() => rm(scratch, { recursive: true, force: true }))

/** A player that decodes H.264 and AAC but none of the file's own sound (Chromium's case with AC3). */
const CHROMIUM_LIKE: PlayerCapabilities = {
  directPlay: false,
  video: true,
  audio: [false],
  maxAudioChannels: 6,
  mse: true,
}

async function streaming(fixture: string, opts: { uploadLimit?: number } = {}) {
  const data = await readFile(new URL(fixture, FIXTURES))
  const seeder = await seed([{ path: fixture, data }], { pieceLength: 16 * KiB, ...opts })
  const t = await engine()
  withMedia(t.engine)
  const { infoHash } = await t.engine.add({ torrentId: seeder.magnet })
  await t.next('wt-server-running')
  return { t, infoHash }
}

/** What ffprobe sees in a converted stream saved to disk. */
async function probeOutput(bytes: Uint8Array) {
  const path = join(scratch, `out-${Date.now()}-${Math.random()}.mp4`)
  await writeFile(path, bytes)
  const tools = await mediaTools()
  const { stdout } = await run(tools.ffprobe?.path ?? 'ffprobe', [
    ...['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', path],
  ])
  return JSON.parse(stdout) as {
    streams: Array<{
      codec_type: string
      codec_name: string
      channels?: number
      height?: number
      start_time?: string
    }>
  }
}

async function fetchConverted(url: string, start: number): Promise<Uint8Array> {
  const response = await fetch(`${url}&start=${start}`)
  expect(
    response.status,
    await response
      .clone()
      .text()
      .catch(() => ''),
  ).toBe(200)
  expect(response.headers.get('content-type')).toBe('video/mp4')
  return new Uint8Array(await response.arrayBuffer())
}

describe('probing what a video holds', () => {
  it('describes an MKV with H.264 and AC3 5.1 from its stream, in a wt-media-info event', async () => {
    const { t, infoHash } = await streaming('h264-ac3-5.1.mkv')
    const event = await t.next('wt-media-info', (p) => p.infoHash === infoHash)
    expect(event.problem).toBeNull()
    expect(event.info).toMatchObject({
      container: 'matroska',
      containerMime: 'video/x-matroska',
      video: { codec: 'h264', width: 320, height: 180, bitDepth: 8 },
      audio: [{ index: 0, codec: 'ac3', codecString: 'ac-3', channels: 6 }],
      subtitles: [],
    })
    expect(event.info?.video?.codecString).toMatch(/^avc1\.64/)
    expect(event.info?.durationSeconds).toBeCloseTo(12, 0)
  })

  it('lists both audio languages and both embedded subtitle tracks of a two-language MKV', async () => {
    const { t, infoHash } = await streaming('two-languages.mkv')
    const { info } = await t.engine.mediaInfo({ infoHash, fileIndex: 0 })
    expect(info?.audio.map((a) => [a.codec, a.language, a.default])).toEqual([
      ['aac', 'eng', true],
      ['ac3', 'fre', false],
    ])
    expect(info?.subtitles.map((s) => [s.codec, s.language, s.text])).toEqual([
      ['subrip', 'eng', true],
      ['ass', 'fre', true],
    ])
  })

  it('reads an MPEG-TS whose clock starts past zero, and counts the film from zero', async () => {
    const { t, infoHash } = await streaming('mpeg2-mp2.ts')
    const { info, problem } = await t.engine.mediaInfo({ infoHash, fileIndex: 0 })
    expect(problem?.message ?? null).toBeNull()
    expect(info).toMatchObject({ container: 'mpegts', video: { codec: 'mpeg2video', codecString: null } })
    expect(info?.startSeconds).toBeGreaterThan(1)
  })

  it('says plainly that a file is not a video it can read, and the engine keeps streaming', async () => {
    const seeder = await seed([{ path: 'broken.mkv', data: patternBytes(200 * KiB, 3) }], {
      pieceLength: 16 * KiB,
    })
    const t = await engine()
    withMedia(t.engine)
    const { infoHash } = await t.engine.add({ torrentId: seeder.magnet })
    const event = await t.next('wt-media-info', (p) => p.infoHash === infoHash)
    expect(event.info).toBeNull()
    expect(event.problem?.code).toBe('MEDIA_UNREADABLE')
    expect(event.problem?.message).toMatch(/damaged or is not a video/)
    expect(event.problem?.message).not.toMatch(/127\.0\.0\.1/)
    expect(t.engine.list().torrents).toHaveLength(1)
  })
})

describe('the ladder and the converted stream', () => {
  it('plays directly what the player decodes, from the original stream URL', async () => {
    const { t, infoHash } = await streaming('h264-ac3-5.1.mkv')
    const plan = await t.engine.mediaPlan({
      infoHash,
      fileIndex: 0,
      capabilities: { ...CHROMIUM_LIKE, directPlay: true },
    })
    expect(plan.mode).toBe('direct')
    expect(plan.url).toBe(t.engine.list().torrents[0]?.url)
  })

  it('converts only the sound of H.264 + AC3 5.1, keeps 5.1, and starts a seek at its place in the film', async () => {
    const { t, infoHash } = await streaming('h264-ac3-5.1.mkv', { uploadLimit: 200 * KiB })
    const plan = await t.engine.mediaPlan({ infoHash, fileIndex: 0, capabilities: CHROMIUM_LIKE })
    expect(plan).toMatchObject({ mode: 'audio', audioTrack: 0 })
    expect(plan.mime).toMatch(/^video\/mp4; codecs="avc1\.64[0-9A-F]{4}, mp4a\.40\.2"$/)
    expect(plan.reason).toMatch(/AC3 5\.1/)
    const out = await probeOutput(await fetchConverted(plan.url, 6))
    const video = out.streams.find((s) => s.codec_type === 'video')
    const audio = out.streams.find((s) => s.codec_type === 'audio')
    expect(video?.codec_name).toBe('h264')
    expect(audio).toMatchObject({ codec_name: 'aac', channels: 6 })
    // The keyframe at or before 6 s: the stream sits on the film's own timeline.
    expect(Number(video?.start_time)).toBeGreaterThan(3.9)
    expect(Number(video?.start_time)).toBeLessThanOrEqual(6.1)
  })

  it('converts HEVC 10-bit to 8-bit H.264 when the player cannot decode HEVC', async () => {
    const { t, infoHash } = await streaming('hevc10-eac3.mkv')
    const capabilities = { ...CHROMIUM_LIKE, video: false }
    const plan = await t.engine.mediaPlan({ infoHash, fileIndex: 0, capabilities })
    expect(plan.mode).toBe('transcode')
    expect(plan.reason).toMatch(/HEVC 10-bit/)
    const out = await probeOutput(await fetchConverted(plan.url, 0))
    expect(out.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264'])
    expect(out.streams.find((s) => s.codec_type === 'video')?.height).toBe(180)
  })

  it('refuses a converter URL with values the plan never makes', async () => {
    const { t, infoHash } = await streaming('h264-ac3-5.1.mkv')
    const plan = await t.engine.mediaPlan({ infoHash, fileIndex: 0, capabilities: CHROMIUM_LIKE })
    const hostile = plan.url.replace(/video=[a-z]+/, 'video=-vf%20movie')
    expect((await fetch(`${hostile}&start=0`)).status).toBe(400)
    expect((await fetch(`${plan.url}&start=-5`)).status).toBe(400)
  })
})

/** [start, end, text] of each cue of a WebVTT document, times in seconds. */
function vttCues(vtt: string): Array<{ start: number; end: number; text: string }> {
  const seconds = (t: string): number => t.split(':').reduce((sum, part) => sum * 60 + Number(part), 0)
  return vtt
    .split(/\n\n+/)
    .map((block) => /^([\d:.]+) --> ([\d:.]+)[^\n]*\n([\s\S]*)$/.exec(block.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ start: seconds(m[1] ?? ''), end: seconds(m[2] ?? ''), text: (m[3] ?? '').trim() }))
}

describe('embedded subtitles', () => {
  async function subtitles(url: string, track: number, start: number): Promise<string> {
    const response = await fetch(url.replace(/play\.mp4\?.*$/, `subtitles.vtt?track=${track}&start=${start}`))
    expect(response.headers.get('content-type')).toBe('text/vtt; charset=utf-8')
    return response.text()
  }

  it('turns the SRT and ASS tracks of an MKV into WebVTT cues at their times, also from a seek', async () => {
    const { t, infoHash } = await streaming('two-languages.mkv')
    const plan = await t.engine.mediaPlan({
      infoHash,
      fileIndex: 0,
      capabilities: { ...CHROMIUM_LIKE, audio: [true, false] },
    })
    expect(plan.mode).toBe('remux')
    const english = await subtitles(plan.url, 0, 0)
    expect(english).toMatch(/^WEBVTT/)
    const cues = vttCues(english)
    expect(cues.map((c) => c.text)).toEqual(['English cue one', 'English cue at seven seconds'])
    expect(cues[0]?.start).toBeCloseTo(1, 1)
    expect(cues[1]?.start).toBeCloseTo(7, 1)
    expect(cues[1]?.end).toBeCloseTo(9.5, 1)
    const french = await subtitles(plan.url, 1, 6)
    expect(french).toContain('Sous-titre a sept secondes')
    expect(french).not.toContain('{\\i1}')
    expect(french).not.toContain('Premier sous-titre')
  })

  it('answers 404 for a track the file does not have', async () => {
    const { t, infoHash } = await streaming('two-languages.mkv')
    const plan = await t.engine.mediaPlan({ infoHash, fileIndex: 0, capabilities: CHROMIUM_LIKE })
    const response = await fetch(plan.url.replace(/play\.mp4\?.*$/, 'subtitles.vtt?track=5&start=0'))
    expect(response.status).toBe(404)
  })
})
