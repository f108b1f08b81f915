import { readFileSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliProcess, killRunningClis, REPO_ROOT, startCli } from '../helpers/cli-process.js'
import { patternBytes, type Seeder, startSeeder } from '../helpers/swarm.js'
import { launchChromium } from './chromium.js'

// Real releases in real Chromium through `peerwatch serve`: what Chromium decodes plays as it is,
// the rest is converted by ffmpeg as it downloads. Each must show its picture, play its sound,
// and play on after a seek to 60%.

const KiB = 1024
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures')

interface Shape {
  file: string
  mode: 'direct' | 'remux' | 'audio' | 'transcode'
}

const SHAPES: Shape[] = [
  { file: 'h264-ac3-5.1.mkv', mode: 'audio' },
  { file: 'hevc10-eac3.mkv', mode: 'transcode' },
  { file: 'h264-ac3.mp4', mode: 'audio' },
  { file: 'xvid-mp3.avi', mode: 'transcode' },
  { file: 'mpeg2-mp2.ts', mode: 'transcode' },
  { file: 'h264-aac.ts', mode: 'remux' },
  { file: 'wmv2-wma.wmv', mode: 'transcode' },
  { file: 'two-languages.mkv', mode: 'direct' },
]

const seeders = new Map<string, Seeder>()
let serve: CliProcess
let dataDir: string
let browser: Browser
let page: Page
let origin: string

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pw-formats-'))
  const whole = readFileSync(join(FIXTURES, 'h264-ac3-5.1.mkv'))
  const files = [
    ...SHAPES.map((shape) => ({ path: shape.file, data: readFileSync(join(FIXTURES, shape.file)) })),
    { path: 'damaged.mkv', data: patternBytes(300 * KiB, 9) },
    // The first 40%: a download that was cut short, whose header still promises 12 s.
    { path: 'truncated.mkv', data: whole.subarray(0, Math.floor(whole.length * 0.4)) },
  ]
  for (const file of files) {
    seeders.set(file.path, await startSeeder([file], { pieceLength: 16 * KiB }))
  }
  serve = startCli(['serve', '--json', '--no-dht', '--data-dir', dataDir, '--port', '0'])
  const running = await serve.waitForEvent('serve-running')
  origin = new URL(String(running.url)).origin
  browser = await launchChromium()
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
  await page.goto(String(running.url))
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await killRunningClis()
  await Promise.all([...seeders.values()].map((s) => s.destroy()))
  await rm(dataDir, { recursive: true, force: true })
})

/** test-results/e2e/NAME.png, and docs/screenshots/ with PEERWATCH_UPDATE_SCREENSHOTS=1. */
async function screenshot(name: string): Promise<void> {
  const dir = join(REPO_ROOT, 'test-results', 'e2e')
  await mkdir(dir, { recursive: true })
  await page.screenshot({ path: join(dir, `${name}.png`) })
  if (process.env.PEERWATCH_UPDATE_SCREENSHOTS) {
    await copyFile(join(dir, `${name}.png`), join(REPO_ROOT, 'docs', 'screenshots', `${name}.png`))
  }
}

function playing() {
  return page.locator('video').evaluate((v: HTMLVideoElement) => ({
    time: v.currentTime,
    duration: v.duration,
    width: v.videoWidth,
    frames: v.getVideoPlaybackQuality().totalVideoFrames,
    audioBytes: (v as HTMLVideoElement & { webkitAudioDecodedByteCount: number }).webkitAudioDecodedByteCount,
    error: v.error?.message ?? null,
  }))
}

async function open(file: string): Promise<void> {
  const seeder = seeders.get(file)
  if (!seeder) throw new Error(`no seeder for ${file}`)
  await page.goto(`${origin}/#/`)
  const box = page.getByLabel('Search a film or paste a magnet link')
  await box.fill(seeder.magnet)
  await box.press('Enter')
  await expect.poll(() => page.url()).toContain(`#/player/${seeder.infoHash}`)
}

describe.each(SHAPES)('$file', ({ file, mode }) => {
  it(`plays with picture and sound (${mode}), and plays on after a seek to 60%`, async () => {
    await open(file)
    const note = page.locator('.conversion-note')
    await expect.poll(async () => (await playing()).time, { timeout: 45_000 }).toBeGreaterThan(1)
    expect(await note.count()).toBe(mode === 'direct' ? 0 : 1)
    const first = await playing()
    expect(first.error).toBeNull()
    expect(first.width).toBe(320)
    expect(first.frames).toBeGreaterThan(10)
    await expect.poll(async () => (await playing()).audioBytes, { timeout: 10_000 }).toBeGreaterThan(0)
    const target = first.duration * 0.6
    await page.locator('video').evaluate((v: HTMLVideoElement, t: number) => {
      v.currentTime = t
    }, target)
    await expect.poll(async () => (await playing()).time, { timeout: 30_000 }).toBeGreaterThan(target + 1)
    const after = await playing()
    expect(after.error).toBeNull()
    expect(after.audioBytes).toBeGreaterThan(first.audioBytes)
  })
})

describe('two-languages.mkv: audio tracks and embedded subtitles', () => {
  /** The loudest frequency the page hears from the video, through Web Audio. */
  function dominantFrequency(): Promise<number> {
    return page.evaluate(async () => {
      type Probe = { analyser: AnalyserNode; context: AudioContext }
      const w = window as unknown as { __probe?: Probe }
      if (!w.__probe) {
        const video = document.querySelector('video') as HTMLVideoElement
        const context = new AudioContext()
        const analyser = context.createAnalyser()
        analyser.fftSize = 4096
        context.createMediaElementSource(video).connect(analyser)
        analyser.connect(context.destination)
        w.__probe = { analyser, context }
      }
      const { analyser, context } = w.__probe
      await context.resume()
      await new Promise((r) => setTimeout(r, 300))
      const bins = new Float32Array(analyser.frequencyBinCount)
      analyser.getFloatFrequencyData(bins)
      let best = 0
      for (let i = 1; i < bins.length; i++) if ((bins[i] ?? -Infinity) > (bins[best] ?? -Infinity)) best = i
      return (best * context.sampleRate) / analyser.fftSize
    })
  }

  function activeCue(): Promise<string | null> {
    return page.locator('video').evaluate((v: HTMLVideoElement) => {
      for (const track of Array.from(v.textTracks)) {
        if (track.mode !== 'showing') continue
        const cue = track.activeCues?.[0] as VTTCue | undefined
        // What a person reads: the text without its WebVTT markup (<i> shows as italics).
        if (cue) return cue.text.replace(/<[^>]+>/g, '')
      }
      return null
    })
  }

  async function seek(seconds: number, then: 'play' | 'pause' = 'play'): Promise<void> {
    await page.locator('video').evaluate(
      (v: HTMLVideoElement, [t, after]) => {
        v.currentTime = Number(t)
        if (after === 'pause') v.pause()
        else void v.play()
      },
      [seconds, then] as const,
    )
  }

  it('offers both languages, and switching plays the other one at the same place', async () => {
    await open('two-languages.mkv')
    const menu = page.getByRole('combobox', { name: 'Audio track' })
    await expect.poll(() => menu.count(), { timeout: 30_000 }).toBe(1)
    expect(await menu.locator('option').allInnerTexts()).toEqual([
      'English · AAC stereo',
      'French · AC3 stereo',
    ])
    await expect.poll(async () => (await playing()).time, { timeout: 30_000 }).toBeGreaterThan(1)
    await expect.poll(dominantFrequency, { timeout: 10_000 }).toBeCloseTo(440, -1)
    await seek(3)
    await menu.selectOption({ label: 'French · AC3 stereo' })
    await expect.poll(() => page.locator('.conversion-note').count(), { timeout: 15_000 }).toBe(1)
    await expect.poll(dominantFrequency, { timeout: 20_000 }).toBeCloseTo(880, -1)
    expect((await playing()).time).toBeGreaterThan(2.5)
  })

  it('shows an embedded SRT cue and an embedded ASS cue at their times', async () => {
    const subtitles = page.getByRole('combobox', { name: 'Subtitles' })
    expect(await subtitles.locator('option').allInnerTexts()).toEqual([
      'Off',
      'English · SRT',
      'French · ASS',
    ])
    await subtitles.selectOption({ label: 'English · SRT' })
    await seek(7.3, 'pause')
    await expect.poll(activeCue, { timeout: 20_000 }).toBe('English cue at seven seconds')
    await subtitles.selectOption({ label: 'French · ASS' })
    await seek(7.8, 'pause')
    await expect.poll(activeCue, { timeout: 20_000 }).toBe('Sous-titre a sept secondes')
    await screenshot('player-tracks')
  })
})

describe('damaged files', () => {
  it('says a file that is not a video is damaged, offers VLC, and the app goes on', async () => {
    await open('damaged.mkv')
    const alert = page.locator('.player [role="alert"]')
    await expect.poll(() => alert.innerText(), { timeout: 30_000 }).toMatch(/damaged or is not a video/)
    expect(await alert.getByRole('button', { name: 'Copy stream URL' }).count()).toBe(1)
    await open('h264-ac3.mp4')
    await expect.poll(async () => (await playing()).time, { timeout: 30_000 }).toBeGreaterThan(1)
  })

  it('plays a cut-short file as far as it goes, then says where it ends', async () => {
    await open('truncated.mkv')
    await expect.poll(async () => (await playing()).time, { timeout: 30_000 }).toBeGreaterThan(1)
    const alert = page.locator('.player [role="alert"]')
    await expect.poll(() => alert.count(), { timeout: 45_000 }).toBe(1)
    expect(await alert.innerText()).toMatch(/cannot be read past \d:\d\d/)
  })
})

describe('without ffprobe', () => {
  it('says the film is silent when its sound decodes nothing, instead of playing on without it', async () => {
    const seeder = seeders.get('h264-ac3-5.1.mkv')
    if (!seeder) throw new Error('no seeder')
    const data = await mkdtemp(join(tmpdir(), 'pw-noprobe-'))
    process.env.PEERWATCH_FFPROBE = '/nonexistent/ffprobe'
    const blind = startCli(['serve', '--json', '--no-dht', '--data-dir', data, '--port', '0'])
    delete process.env.PEERWATCH_FFPROBE
    try {
      const running = await blind.waitForEvent('serve-running')
      await page.goto(String(running.url))
      const box = page.getByLabel('Search a film or paste a magnet link')
      await box.fill(seeder.magnet)
      await box.press('Enter')
      await expect.poll(async () => (await playing()).time, { timeout: 30_000 }).toBeGreaterThan(1)
      const warning = page.locator('.silence-warning')
      await expect.poll(() => warning.count(), { timeout: 20_000 }).toBe(1)
      expect(await warning.innerText()).toMatch(/No sound is playing.*VLC/)
      expect((await playing()).audioBytes).toBe(0)
    } finally {
      blind.child.kill()
      await blind.exited
      await rm(data, { recursive: true, force: true })
      await page.goto(String(origin))
    }
  })
})
