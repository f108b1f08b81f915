import { execFile } from 'node:child_process'
import { z } from 'zod'
import type {
  AudioTrackInfo,
  MediaInfo,
  SubtitleStreamInfo,
  VideoStreamInfo,
} from '../../src-shared/contract.js'
import { PeerwatchError } from '../../src-shared/errors.js'
import { audioCodecString, bitDepth, videoCodecString } from './codec-strings.js'
import { lastStderrLine } from './ffmpeg-stderr.js'

/** Reading the head and the index can wait for a slow swarm, but not forever. */
export const PROBE_TIMEOUT_MS = 120_000

/**
 * Runs ffprobe on a file's own stream URL (so the engine's priorities fetch what it reads: the
 * head, and the tail where MP4 and MKV keep their index) and describes what the file holds.
 */
export async function probeMedia(
  ffprobePath: string,
  url: string,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<MediaInfo> {
  // 2 MB finds every stream of the shapes tested (MPEG-TS and DTS in MKV need the most) without
  // waiting for the default 5 MB: with a slow swarm those bytes are the wait before the picture.
  const limits = ['-probesize', '2000000', '-analyzeduration', '2000000']
  const args = ['-v', 'error', ...limits, '-print_format', 'json', '-show_format', '-show_streams', url]
  const output = await new Promise<string>((resolve, reject) => {
    execFile(ffprobePath, args, { timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout)
      const { killed, signal } = err as { killed?: boolean; signal?: string | null }
      const detail = lastStderrLine(stderr)
      const message = killed
        ? 'The video did not arrive in time to be read: the swarm may be too slow.'
        : signal
          ? `ffprobe crashed reading this file (${signal}).`
          : `This file is damaged or is not a video${detail ? ` (${detail})` : ''}.`
      reject(new PeerwatchError('MEDIA_UNREADABLE', message))
    })
  })
  return describeProbe(output)
}

const streamSchema = z
  .object({
    index: z.number().int(),
    codec_type: z.string().optional(),
    codec_name: z.string().optional(),
    profile: z.string().optional(),
    level: z.number().optional(),
    pix_fmt: z.string().optional(),
    bits_per_raw_sample: z.string().optional(),
    width: z.number().int().min(0).optional(),
    height: z.number().int().min(0).optional(),
    avg_frame_rate: z.string().optional(),
    r_frame_rate: z.string().optional(),
    channels: z.number().int().min(0).optional(),
    disposition: z.record(z.string(), z.number()).optional(),
    tags: z.record(z.string(), z.string()).optional(),
  })
  .loose()
type Stream = z.infer<typeof streamSchema>

const probeSchema = z.object({
  format: z
    .object({
      format_name: z.string(),
      duration: z.string().optional(),
      start_time: z.string().optional(),
      bit_rate: z.string().optional(),
    })
    .loose(),
  streams: z.array(streamSchema).max(512),
})

/** ffprobe's JSON to MediaInfo. The input comes from a stranger's file: every field is checked. */
export function describeProbe(json: string): MediaInfo {
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch {
    throw new PeerwatchError('MEDIA_UNREADABLE', 'ffprobe gave an answer that is not JSON.')
  }
  const parsed = probeSchema.safeParse(raw)
  if (!parsed.success) throw new PeerwatchError('MEDIA_UNREADABLE', 'This file is damaged or is not a video.')
  const { format, streams } = parsed.data
  const videoStream = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1)
  const audio = streams.filter((s) => s.codec_type === 'audio').map(audioTrack)
  const video = videoStream ? videoInfo(videoStream) : null
  const container = format.format_name.split(',')[0] ?? format.format_name
  return {
    container,
    containerMime: containerMime(format.format_name, video, audio),
    durationSeconds: positiveNumber(format.duration),
    startSeconds: positiveNumber(format.start_time) ?? 0,
    bitRate: positiveNumber(format.bit_rate),
    video,
    audio,
    subtitles: streams.filter((s) => s.codec_type === 'subtitle').map(subtitleTrack),
  }
}

function videoInfo(s: Stream): VideoStreamInfo {
  return {
    codec: s.codec_name ?? 'unknown',
    codecString: videoCodecString(s),
    profile: s.profile ?? null,
    bitDepth: bitDepth(s),
    width: s.width ?? 0,
    height: s.height ?? 0,
    frameRate: frameRate(s.avg_frame_rate) ?? frameRate(s.r_frame_rate),
  }
}

function audioTrack(s: Stream, index: number): AudioTrackInfo {
  return {
    index,
    codec: s.codec_name ?? 'unknown',
    codecString: audioCodecString(s),
    channels: s.channels ?? 0,
    language: language(s),
    title: title(s),
    default: s.disposition?.default === 1,
  }
}

const TEXT_SUBTITLES = new Set([
  'subrip',
  'srt',
  'ass',
  'ssa',
  'webvtt',
  'mov_text',
  'text',
  'microdvd',
  'subviewer',
])

function subtitleTrack(s: Stream, index: number): SubtitleStreamInfo {
  const codec = s.codec_name ?? 'unknown'
  return {
    index,
    codec,
    language: language(s),
    title: title(s),
    default: s.disposition?.default === 1,
    forced: s.disposition?.forced === 1,
    text: TEXT_SUBTITLES.has(codec),
  }
}

const WEBM_CODECS = new Set(['vp8', 'vp9', 'av1', 'opus', 'vorbis'])

function containerMime(formatName: string, video: VideoStreamInfo | null, audio: AudioTrackInfo[]): string {
  const name = formatName.split(',')[0]
  if (name === 'matroska') {
    const codecs = [video?.codec, ...audio.map((a) => a.codec)].filter((c): c is string => !!c)
    return codecs.every((c) => WEBM_CODECS.has(c)) ? 'video/webm' : 'video/x-matroska'
  }
  const byName: Record<string, string> = {
    mov: 'video/mp4',
    avi: 'video/x-msvideo',
    mpegts: 'video/mp2t',
    asf: 'video/x-ms-asf',
    ogg: 'video/ogg',
    mpeg: 'video/mpeg',
    flv: 'video/x-flv',
  }
  return byName[name ?? ''] ?? 'application/octet-stream'
}

function language(s: Stream): string | null {
  const value = s.tags?.language ?? s.tags?.LANGUAGE
  return value && value !== 'und' ? value.slice(0, 16) : null
}

function title(s: Stream): string | null {
  const value = s.tags?.title ?? s.tags?.TITLE
  return value ? value.slice(0, 200) : null
}

function frameRate(ratio: string | undefined): number | null {
  const [num, den] = (ratio ?? '').split('/').map(Number)
  if (!num || !den || !Number.isFinite(num / den)) return null
  return Math.round((num / den) * 1000) / 1000
}

function positiveNumber(text: string | undefined): number | null {
  const n = Number(text)
  return Number.isFinite(n) && n > 0 ? n : null
}
