import { execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { promisify } from 'node:util'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from '../scripts/chromium.mjs'
import { conversionArgs } from '../src-main/media/conversion-args.js'
import { findMediaTools } from '../src-main/media/media-tools.js'
import { CliProcess } from '../test/helpers/cli-process.js'
import { percentile } from './measure.js'
import { CACHE_DIR, startSwarm } from './swarm.js'

// The media section of `npm run bench -- --media`: real 1080p clips from a loopback swarm, played
// in Chromium through `peerwatch serve` directly, remuxed, with the sound converted, and fully
// converted; then each conversion's speed on its own, and memory mode with a conversion running.

const run = promisify(execFile)
const MiB = 1024 * 1024

interface Clip {
  mode: 'direct' | 'remux' | 'audio' | 'transcode'
  file: string
  /** ffmpeg arguments after the lavfi inputs (testsrc2 1080p24, a 5.1 tone). */
  encode: string[]
}

const X264_8M = ['-c:v', 'libx264', '-preset', 'veryfast', '-b:v', '8M', '-maxrate', '8M', '-bufsize', '8M']
const X264 = [...X264_8M, '-x264-params', 'nal-hrd=cbr', '-g', '48', '-pix_fmt', 'yuv420p']
const CLIPS: Clip[] = [
  {
    mode: 'direct',
    file: 'h264-aac-1080p.mp4',
    encode: [...X264, '-c:a', 'aac', '-ac', '2', '-movflags', '+faststart'],
  },
  { mode: 'remux', file: 'h264-aac-1080p.ts', encode: [...X264, '-c:a', 'aac', '-ac', '2'] },
  {
    mode: 'audio',
    file: 'h264-dts-1080p.mkv',
    encode: [...X264, '-c:a', 'dca', '-strict', '-2', '-b:a', '1509k'],
  },
  {
    mode: 'transcode',
    file: 'hevc10-aac-1080p.mkv',
    encode: [
      ...['-c:v', 'libx265', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p10le', '-b:v', '6M'],
      ...[
        '-x265-params',
        'vbv-maxrate=6000:vbv-bufsize=6000:keyint=48:log-level=error',
        '-c:a',
        'aac',
        '-ac',
        '2',
      ],
    ],
  },
]

export interface MediaParams {
  quick: boolean
  log(line: string): void
}

interface PlayFigures {
  mode: string
  file: string
  firstFrameMs: number
  seekP50Ms: number
  seekMaxMs: number
  ffmpegCpuPercent: number
  ffmpegPeakRssMB: number
  servePeakRssMB: number
}

interface SpeedFigures {
  mode: string
  height: number
  realTimeMultiple: number
}

export async function runMediaBench({ quick, log }: MediaParams): Promise<string> {
  const tools = await findMediaTools()
  if (!tools.ffmpeg) throw new Error('the media bench needs ffmpeg (peerwatch doctor)')
  const seconds = quick ? 40 : 120
  const dir = join(CACHE_DIR, `media-${seconds}s`)
  await mkdir(dir, { recursive: true })
  for (const clip of CLIPS) await makeClip(tools.ffmpeg.path, join(dir, clip.file), clip, seconds, log)
  const browser = await launchChromium(['--autoplay-policy=no-user-gesture-required'])
  try {
    const plays: PlayFigures[] = []
    for (const clip of CLIPS)
      plays.push(await measurePlay(browser, join(dir, clip.file), clip, seconds, 'disk', log))
    const memory = await measurePlay(
      browser,
      join(dir, CLIPS[3]?.file ?? ''),
      CLIPS[3] as Clip,
      seconds,
      'memory',
      log,
    )
    const speeds: SpeedFigures[] = []
    for (const [clip, height] of [
      [CLIPS[2], 1080],
      [CLIPS[3], 720],
      [CLIPS[3], 1080],
    ] as const) {
      speeds.push(
        await measureSpeed(tools.ffmpeg.path, join(dir, clip?.file ?? ''), clip as Clip, height, seconds),
      )
      log(JSON.stringify(speeds.at(-1)))
    }
    return report(plays, memory, speeds, `${tools.ffmpeg.version} (${tools.ffmpeg.source})`, seconds)
  } finally {
    await browser.close()
  }
}

async function makeClip(ffmpeg: string, path: string, clip: Clip, seconds: number, log: (l: string) => void) {
  if (existsSync(path)) return
  log(`encoding ${clip.file} (${seconds} s of 1080p, once)`)
  await run(
    ffmpeg,
    [
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...['-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=24:duration=${seconds}`],
      ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`],
      ...[
        '-filter_complex',
        '[1:a]pan=5.1|FL=c0|FR=c0|FC=c0|LFE=c0|BL=c0|BR=c0[a]',
        '-map',
        '0:v',
        '-map',
        '[a]',
      ],
      ...clip.encode,
      `${path}.part${path.slice(path.lastIndexOf('.'))}`,
    ],
    { maxBuffer: 16 * MiB },
  )
  await run('mv', [`${path}.part${path.slice(path.lastIndexOf('.'))}`, path])
}

/** Magnet to first frame, seeks to parts not downloaded yet, and what ffmpeg costs meanwhile. */
async function measurePlay(
  browser: Browser,
  file: string,
  clip: Clip,
  seconds: number,
  store: 'disk' | 'memory',
  log: (l: string) => void,
): Promise<PlayFigures> {
  // Two seeders of 1.5 MiB/s: 3 MiB/s against a film of ~1.1 MiB/s, so seeks land ahead of the download.
  const swarm = await startSwarm(
    {
      fileBytes: 0,
      file,
      pieceLength: 256 * 1024,
      seeders: [0, 1].map(() => ({ rttMs: 0, jitterMs: 0, uploadLimit: 1.5 * MiB })),
    },
    log,
  )
  const dataDir = await mkdtemp(join(CACHE_DIR, 'serve-'))
  await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ store }))
  const serve = new CliProcess(['serve', '--json', '--no-dht', '--data-dir', dataDir, '--port', '0'])
  const sampler = new ProcessSampler(serve.child.pid ?? 0)
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  try {
    const running = await serve.waitForEvent('serve-running')
    const page = await context.newPage()
    await page.goto(String(running.url))
    const box = page.getByLabel('Search a film or paste a magnet link')
    await box.fill(swarm.magnet)
    swarm.phaseStarted()
    const added = performance.now()
    await box.press('Enter')
    await page.waitForFunction(
      () => (document.querySelector('video')?.getVideoPlaybackQuality().totalVideoFrames ?? 0) > 0,
      null,
      {
        polling: 10,
        timeout: 90_000,
      },
    )
    const firstFrameMs = performance.now() - added
    const seeks: number[] = []
    // Mid-GOP targets (keyframes every 2 s): a seek at a keyframe would flatter whichever
    // player happens to land on it.
    for (const fraction of [0.62, 0.35, 0.85, 0.5, 0.75]) {
      await page.waitForTimeout(2500)
      seeks.push(await seekAndTime(page, Math.floor((seconds * fraction) / 2) * 2 + 1.1))
    }
    const figures = {
      mode: store === 'memory' ? `${clip.mode} (memory mode)` : clip.mode,
      file: clip.file,
      firstFrameMs: Math.round(firstFrameMs),
      seekP50Ms: Math.round(percentile(seeks, 50)),
      seekMaxMs: Math.round(Math.max(...seeks)),
      ...sampler.summary(),
    }
    log(JSON.stringify({ ...figures, seeks: seeks.map(Math.round) }))
    return figures
  } finally {
    sampler.stop()
    await context.close()
    serve.child.kill()
    await serve.exited
    await swarm.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}

/** From setting currentTime to the first frame presented after the seek. */
function seekAndTime(page: Page, target: number): Promise<number> {
  return page.evaluate(async (t) => {
    const video = document.querySelector('video') as HTMLVideoElement
    const started = performance.now()
    const seeked = new Promise((resolve) => video.addEventListener('seeked', resolve, { once: true }))
    video.currentTime = t
    const frame = (async () => {
      await seeked
      await new Promise((resolve) => video.requestVideoFrameCallback(() => resolve(null)))
      return performance.now() - started
    })()
    const gaveUp = new Promise<number>((resolve) => setTimeout(() => resolve(60_000), 60_000))
    return Promise.race([frame, gaveUp])
  }, target)
}

/** The converter alone, from a local file to nowhere: how many times real time it runs. */
async function measureSpeed(ffmpeg: string, file: string, clip: Clip, height: number, seconds: number) {
  const args = conversionArgs({
    input: file,
    start: 0,
    timelineStart: 0,
    decision: {
      video: clip.mode === 'transcode' ? 'encode' : 'copy',
      audio: 'encode',
      audioTrack: 0,
      audioChannels: 6,
      maxHeight: height,
    },
    videoCodec: clip.mode === 'transcode' ? 'hevc' : 'h264',
    encoder: 'libx264',
  })
  const started = performance.now()
  await new Promise<void>((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'inherit'] })
    child.stdout.resume()
    child.once('error', reject)
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}`))))
  })
  const wall = (performance.now() - started) / 1000
  return { mode: clip.mode, height, realTimeMultiple: Math.round((seconds / wall) * 10) / 10 }
}

/** Samples the serve process and its ffmpeg children from /proc every 250 ms. */
class ProcessSampler {
  private readonly timer: NodeJS.Timeout
  private servePeak = 0
  private ffmpegPeak = 0
  private readonly cpu = new Map<number, { first: number; last: number; firstAt: number; lastAt: number }>()

  constructor(private readonly pid: number) {
    this.timer = setInterval(() => void this.sample(), 250)
  }

  stop(): void {
    clearInterval(this.timer)
  }

  /** ffmpeg's CPU over the whole time any ffmpeg ran (100 % is one core). */
  summary() {
    const all = [...this.cpu.values()]
    const busy = all.reduce((sum, c) => sum + c.last - c.first, 0)
    const span = all.length
      ? Math.max(...all.map((c) => c.lastAt)) - Math.min(...all.map((c) => c.firstAt))
      : 0
    return {
      ffmpegCpuPercent: span > 0 ? Math.round((busy / 100 / (span / 1000)) * 100) : 0,
      ffmpegPeakRssMB: Math.round(this.ffmpegPeak / 1024),
      servePeakRssMB: Math.round(this.servePeak / 1024),
    }
  }

  private async sample(): Promise<void> {
    this.servePeak = Math.max(this.servePeak, await rssKiB(this.pid))
    const children = await readFile(`/proc/${this.pid}/task/${this.pid}/children`, 'utf8').catch(() => '')
    let ffmpegRss = 0
    for (const child of children.trim().split(/\s+/).filter(Boolean).map(Number)) {
      const stat = await readFile(`/proc/${child}/stat`, 'utf8').catch(() => '')
      // Conversions write to pipe:1; the start-up test encodes of hardware encoders do not count.
      const command = await readFile(`/proc/${child}/cmdline`, 'utf8').catch(() => '')
      if (!stat.includes('(ffmpeg)') || !command.includes('pipe:1')) continue
      ffmpegRss += await rssKiB(child)
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const ticks = Number(fields[11]) + Number(fields[12])
      const now = performance.now()
      const seen = this.cpu.get(child)
      this.cpu.set(
        child,
        seen
          ? { ...seen, last: ticks, lastAt: now }
          : { first: ticks, last: ticks, firstAt: now, lastAt: now },
      )
    }
    this.ffmpegPeak = Math.max(this.ffmpegPeak, ffmpegRss)
  }
}

async function rssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
}

function report(
  plays: PlayFigures[],
  memory: PlayFigures,
  speeds: SpeedFigures[],
  ffmpeg: string,
  seconds: number,
) {
  const direct = plays.find((p) => p.mode === 'direct')
  const audio = plays.find((p) => p.mode === 'audio')
  const lines = [
    `Media section: ${seconds} s 1080p24 clips (8 Mbit/s H.264, 6 Mbit/s HEVC 10-bit), 2 seeders x 1.5 MiB/s, ffmpeg ${ffmpeg}.`,
    '',
    '| mode | clip | first frame ms | seek p50 ms | seek max ms | ffmpeg CPU % | ffmpeg peak RSS MiB | serve peak RSS MiB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...[...plays, memory].map(
      (p) =>
        `| ${p.mode} | ${p.file} | ${p.firstFrameMs} | ${p.seekP50Ms} | ${p.seekMaxMs} | ${p.ffmpegCpuPercent} | ${p.ffmpegPeakRssMB} | ${p.servePeakRssMB} |`,
    ),
    '',
    '| conversion | height | speed (x real time) |',
    '| --- | --- | --- |',
    ...speeds.map((s) => `| ${s.mode} | ${s.height}p | ${s.realTimeMultiple} |`),
  ]
  if (direct && audio) {
    lines.push(
      '',
      `Seek during audio conversion / direct seek (p50): ${(audio.seekP50Ms / direct.seekP50Ms).toFixed(2)} (target <= 1.5)`,
    )
  }
  return `${lines.join('\n')}\n`
}
