import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'

/** One ffmpeg program Peerwatch can run, and where it came from. */
export interface MediaTool {
  path: string
  source: 'configured' | 'system' | 'bundled'
  /** As the program prints it: "5.1.9-0+deb12u1", "N-47683-g0e8eb07980-static". */
  version: string
  /** libavformat's version, which orders builds whose own version is a git snapshot. */
  libavformat: [number, number, number]
}

export interface MediaTools {
  ffmpeg: MediaTool | null
  ffprobe: MediaTool | null
  /** Hardware H.264 encoders that encoded a test picture here (h264_vaapi, h264_nvenc...). */
  hardwareEncoders: string[]
  /** Hardware H.264 encoders the build has but that failed here (no device, no driver). */
  unusableHardwareEncoders: string[]
}

export interface FindOptions {
  env?: NodeJS.ProcessEnv
  /** Overrides for tests: the bundled binaries' paths (null: none bundled). */
  bundled?: { ffmpeg: string | null; ffprobe: string | null }
}

const HARDWARE_H264 = /^\s*V\S*\s+(h264_(?:vaapi|nvenc|qsv|videotoolbox|amf))\b/gm
const LIBAVFORMAT = /libavformat\s+(\d+)\.\s*(\d+)\.\s*(\d+)/
const VERSION = /^(?:ffmpeg|ffprobe) version (\S+)/

/**
 * ffmpeg and ffprobe: a path the person set (PEERWATCH_FFMPEG / PEERWATCH_FFPROBE) wins; else the
 * system's pair when its ffmpeg is at least as new as the npm package's, else the package's. The
 * two come from one place because a build's ffprobe is tested with its own ffmpeg (the package's
 * ffprobe snapshot crashes on MPEG-TS where the system's reads it).
 */
export async function findMediaTools(options: FindOptions = {}): Promise<MediaTools> {
  const env = options.env ?? process.env
  const bundled = options.bundled ?? bundledPaths()
  const [systemPair, bundledPair] = await Promise.all([
    Promise.all([identify('ffmpeg', 'system'), identify('ffprobe', 'system')]),
    Promise.all([
      bundled.ffmpeg ? identify(bundled.ffmpeg, 'bundled') : null,
      bundled.ffprobe ? identify(bundled.ffprobe, 'bundled') : null,
    ]),
  ])
  const [preferred, other] = prefersSystem(systemPair[0], bundledPair[0])
    ? [systemPair, bundledPair]
    : [bundledPair, systemPair]
  const ffmpeg = env.PEERWATCH_FFMPEG
    ? await identify(env.PEERWATCH_FFMPEG, 'configured')
    : (preferred[0] ?? other[0])
  const ffprobe = env.PEERWATCH_FFPROBE
    ? await identify(env.PEERWATCH_FFPROBE, 'configured')
    : (preferred[1] ?? other[1])
  const built = ffmpeg ? await listHardwareEncoders(ffmpeg.path) : []
  const works = await Promise.all(built.map((name) => encodesHere(ffmpeg?.path ?? '', name)))
  return {
    ffmpeg,
    ffprobe,
    hardwareEncoders: built.filter((_, i) => works[i]),
    unusableHardwareEncoders: built.filter((_, i) => !works[i]),
  }
}

function prefersSystem(system: MediaTool | null, bundled: MediaTool | null): boolean {
  if (!system || !bundled) return system !== null
  return compareVersions(system.libavformat, bundled.libavformat) >= 0
}

/** One line for `doctor`, Settings and logs. */
export function describeTool(tool: MediaTool | null, name: string): string {
  if (!tool) return `${name}: not found`
  const where = tool.source === 'system' ? 'on PATH' : tool.path
  return `${name} ${tool.version} (${tool.source}, ${where})`
}

async function identify(path: string, source: MediaTool['source']): Promise<MediaTool | null> {
  const output = await run(path, ['-hide_banner', '-version']).catch(() => null)
  if (output === null) return null
  const lavf = LIBAVFORMAT.exec(output)
  const version = VERSION.exec(output.trim())?.[1] ?? 'unknown'
  const libavformat: [number, number, number] = lavf
    ? [Number(lavf[1]), Number(lavf[2]), Number(lavf[3])]
    : [0, 0, 0]
  return { path, source, version, libavformat }
}

async function listHardwareEncoders(ffmpegPath: string): Promise<string[]> {
  const output = await run(ffmpegPath, ['-hide_banner', '-encoders']).catch(() => '')
  return [...output.matchAll(HARDWARE_H264)].map((m) => m[1] as string)
}

/** A build lists every encoder it was compiled with; only a test picture tells which work. */
async function encodesHere(ffmpegPath: string, encoder: string): Promise<boolean> {
  const args = [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', ...hardwareDeviceArgs(encoder)],
    ...['-f', 'lavfi', '-i', 'color=black:size=256x144:rate=24', '-frames:v', '2'],
    ...['-vf', hardwareUpload(encoder, 'format=yuv420p'), '-c:v', encoder, '-f', 'null', '-'],
  ]
  return run(ffmpegPath, args).then(
    () => true,
    () => false,
  )
}

/** Input-side options a hardware encoder needs (VAAPI: which render device). */
export function hardwareDeviceArgs(encoder: string): string[] {
  return encoder === 'h264_vaapi' ? ['-vaapi_device', '/dev/dri/renderD128'] : []
}

/** The filter chain ending in what the encoder takes (VAAPI: frames uploaded to the device). */
export function hardwareUpload(encoder: string, chain: string): string {
  return encoder === 'h264_vaapi' ? `${chain},format=nv12,hwupload` : chain
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 10_000, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(err)
      else resolve(`${stdout}${stderr}`)
    })
  })
}

/**
 * The binaries of @ffmpeg-installer/ffmpeg and @ffprobe-installer/ffprobe (a per-platform
 * package each). Inside a packaged app they live in app.asar.unpacked, where a program can run.
 */
function bundledPaths(): { ffmpeg: string | null; ffprobe: string | null } {
  const require = createRequire(import.meta.url)
  const load = (pkg: string): string | null => {
    try {
      const path = (require(pkg) as { path?: unknown }).path
      return typeof path === 'string' ? path.replace(/app\.asar([/\\])/, 'app.asar.unpacked$1') : null
    } catch {
      return null
    }
  }
  return { ffmpeg: load('@ffmpeg-installer/ffmpeg'), ffprobe: load('@ffprobe-installer/ffprobe') }
}
