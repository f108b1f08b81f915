import { hardwareDeviceArgs, hardwareUpload } from './media-tools.js'
import type { PlayDecision } from './play-plan.js'

export interface ConversionRequest {
  /** The engine's loopback URL of the file: the converter's reads become the playhead. */
  input: string
  /** Seconds into the film; ffmpeg starts at the keyframe at or before it. */
  start: number
  /** The file's first timestamp, taken off so the converted film starts at zero as players count. */
  timelineStart: number
  decision: Pick<PlayDecision, 'video' | 'audio' | 'audioTrack' | 'audioChannels' | 'maxHeight'>
  /** The source's video codec (HEVC needs the hvc1 tag in MP4 to be recognised by players). */
  videoCodec: string | null
  /** An H.264 encoder: libx264 or a hardware one (h264_vaapi...). */
  encoder: string
  /** ffprobe's name for the container (matroska, mov...). */
  container?: string
}

/** Containers whose header describes every stream: ffmpeg need not read far to start. */
const SELF_DESCRIBING = new Set(['matroska', 'mov'])

/**
 * ffmpeg's arguments for one converted stream: fragmented MP4 on stdout, 0.2 s fragments so the
 * picture at a seek leaves as soon as ffmpeg has read it, and the film's own timestamps
 * (-copyts with frag_discont) so a stream started at a seek lands at its place on the timeline.
 */
export function conversionArgs(req: ConversionRequest): string[] {
  const { decision } = req
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    ...(decision.video === 'encode' ? hardwareDeviceArgs(req.encoder) : []),
    // Each seek starts ffmpeg again: what it reads before seeking delays the picture.
    ...(SELF_DESCRIBING.has(req.container ?? '')
      ? ['-probesize', '1000000', '-analyzeduration', '1000000']
      : []),
    ...(req.start > 0 ? ['-ss', req.start.toFixed(3)] : []),
    '-copyts',
    '-i',
    req.input,
    ...(decision.video === 'none' ? [] : ['-map', '0:v:0']),
    ...(decision.audioTrack === null || decision.audio === 'none'
      ? []
      : ['-map', `0:a:${decision.audioTrack}`]),
    ...videoArgs(req),
    ...audioArgs(decision),
    '-sn',
    '-dn',
    '-map_metadata',
    '-1',
    '-map_chapters',
    '-1',
    // Older builds need this for Opus and FLAC in MP4.
    '-strict',
    'experimental',
    ...(req.timelineStart > 0 ? ['-output_ts_offset', (-req.timelineStart).toFixed(6)] : []),
    '-avoid_negative_ts',
    'make_non_negative',
    '-max_muxing_queue_size',
    '4096',
    '-f',
    'mp4',
    // delay_moov: the init segment waits for the first packets, which carry the AAC config of an
    // MPEG-TS source; without it the browser cannot parse the sound. No edit list: the fragments'
    // own times are the timeline.
    '-movflags',
    'frag_keyframe+empty_moov+delay_moov+default_base_moof+frag_discont',
    '-use_editlist',
    '0',
    '-frag_duration',
    '200000',
    'pipe:1',
  ]
}

function videoArgs(req: ConversionRequest): string[] {
  const { decision } = req
  if (decision.video === 'none') return []
  if (decision.video === 'copy')
    return ['-c:v', 'copy', ...(req.videoCodec === 'hevc' ? ['-tag:v', 'hvc1'] : [])]
  const scale = `scale=w=-2:h='min(${decision.maxHeight},ih)':flags=bicubic,format=yuv420p`
  if (req.encoder !== 'libx264') {
    return ['-vf', hardwareUpload(req.encoder, scale), '-c:v', req.encoder, '-b:v', '6M', '-g', '48']
  }
  // zerolatency: no lookahead, so the first fragment leaves as soon as its frames are encoded.
  return [
    '-vf',
    scale,
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-tune',
    'zerolatency',
    '-crf',
    '23',
    '-profile:v',
    'high',
    '-g',
    '48',
  ]
}

function audioArgs(decision: ConversionRequest['decision']): string[] {
  if (decision.audio === 'none' || decision.audioTrack === null) return []
  // AAC from MPEG-TS comes with ADTS headers that MP4 does not take; other AAC passes unchanged.
  if (decision.audio === 'copy') return ['-c:a', 'copy', '-bsf:a', 'aac_adtstoasc']
  const channels = decision.audioChannels
  return ['-c:a', 'aac', '-ac', String(channels), '-b:a', channels > 2 ? '384k' : '160k']
}

/** ffmpeg's arguments for one embedded text subtitle track as WebVTT, from a time on. */
export function subtitleArgs(req: {
  input: string
  start: number
  timelineStart: number
  track: number
}): string[] {
  return [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin'],
    ...(req.start > 0 ? ['-ss', req.start.toFixed(3)] : []),
    ...['-copyts', '-i', req.input, '-map', `0:s:${req.track}`, '-c:s', 'webvtt'],
    ...(req.timelineStart > 0 ? ['-output_ts_offset', (-req.timelineStart).toFixed(6)] : []),
    ...['-f', 'webvtt', 'pipe:1'],
  ]
}

/** The codecs of what conversionArgs makes, for MediaSource.addSourceBuffer. */
export function outputMime(videoCodecString: string | null, audioCodecString: string | null): string {
  const codecs = [videoCodecString, audioCodecString].filter((c): c is string => !!c)
  return `video/mp4; codecs="${codecs.join(', ')}"`
}
