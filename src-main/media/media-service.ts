import type { ApiError, MediaInfo, PlayPlan, RequestPayload } from '../../src-shared/contract.js'
import { PeerwatchError, toApiError } from '../../src-shared/errors.js'
import type { MediaAccess, MediaHooks, MediaResponse, MediaRouteTarget } from '../engine/media-hooks.js'
import { textResponse } from '../engine/text-response.js'
import { Conversion } from './conversion.js'
import { conversionArgs, outputMime, subtitleArgs } from './conversion-args.js'
import type { MediaTools } from './media-tools.js'
import { decidePlay, type PlayDecision } from './play-plan.js'
import { probeMedia } from './probe.js'
import { SeekPrefetch } from './seek-prefetch.js'

/** What the converter makes of an encoded picture and sound (High profile, AAC-LC). */
const ENCODED_VIDEO = 'avc1.640028'
const ENCODED_AUDIO = 'mp4a.40.2'
const STREAM_RESOURCE = 'play.mp4'
const SUBTITLE_RESOURCE = 'subtitles.vtt'
const SOFTWARE_MAX_HEIGHT = 720
const HARDWARE_MAX_HEIGHT = 1080

interface ProbeOutcome {
  info: MediaInfo | null
  problem: ApiError | null
}

/** The media layer of one engine: probes the files it streams and converts what players cannot decode. */
export function mediaLayer(tools: Promise<MediaTools>): (access: MediaAccess) => MediaHooks {
  return (access) => new MediaService(access, tools)
}

class MediaService implements MediaHooks {
  private readonly probes = new Map<string, Promise<ProbeOutcome>>()
  /** One conversion per file: a new one (a seek, another audio track) replaces it. */
  private readonly conversions = new Map<string, Conversion>()
  private readonly prefetches = new Map<string, SeekPrefetch>()

  constructor(
    private readonly access: MediaAccess,
    private readonly tools: Promise<MediaTools>,
  ) {}

  fileOpened(infoHash: string, fileIndex: number): void {
    void this.probe(infoHash, fileIndex)
  }

  info({ infoHash, fileIndex }: RequestPayload<'wt-media-info'>): Promise<ProbeOutcome> {
    return this.probe(infoHash, fileIndex)
  }

  async plan(payload: RequestPayload<'wt-media-plan'>): Promise<PlayPlan> {
    const { infoHash, fileIndex } = payload
    const [{ info }, tools] = await Promise.all([this.probe(infoHash, fileIndex), this.tools])
    const maxEncodeHeight = this.encoder(tools) === 'libx264' ? SOFTWARE_MAX_HEIGHT : HARDWARE_MAX_HEIGHT
    const decision = decidePlay(info, payload.capabilities, payload.audioTrack, { maxEncodeHeight })
    const hasTextSubtitles = info?.subtitles.some((s) => s.text) ?? false
    const common = {
      subtitlesUrl: hasTextSubtitles ? this.access.resourceUrl(infoHash, fileIndex, SUBTITLE_RESOURCE) : null,
      mode: decision.mode,
      audioTrack: decision.audioTrack,
      durationSeconds: info?.durationSeconds ?? null,
      reason: decision.reason,
    }
    if (decision.mode === 'direct') {
      return { ...common, url: this.access.streamUrl(infoHash, fileIndex), mime: null, height: null }
    }
    if (!tools.ffmpeg) {
      throw new PeerwatchError(
        'NO_FFMPEG',
        `${decision.reason.replace(/ as it plays.*$/, '')}, but Peerwatch found no ffmpeg to do it: open it in VLC.`,
      )
    }
    return {
      ...common,
      url: `${this.access.resourceUrl(infoHash, fileIndex, STREAM_RESOURCE)}?${streamQuery(decision)}`,
      mime: outputMime(
        decision.video === 'copy'
          ? (info?.video?.codecString ?? null)
          : decision.video === 'encode'
            ? ENCODED_VIDEO
            : null,
        decision.audio === 'copy'
          ? (info?.audio[decision.audioTrack ?? 0]?.codecString ?? null)
          : decision.audio === 'encode'
            ? ENCODED_AUDIO
            : null,
      ),
      height:
        decision.video === 'encode'
          ? Math.min(info?.video?.height ?? maxEncodeHeight, maxEncodeHeight)
          : null,
    }
  }

  async route(target: MediaRouteTarget): Promise<MediaResponse> {
    if (target.resource === SUBTITLE_RESOURCE) return this.routeSubtitles(target)
    if (target.resource !== STREAM_RESOURCE) return textResponse(404, 'Not found')
    const request = parseStreamQuery(target.query)
    if (!request) return textResponse(400, 'Bad conversion request')
    const headers = { 'Content-Type': 'video/mp4' }
    if (target.method === 'HEAD') return { status: 200, headers }
    try {
      const body = await this.convert(target.infoHash, target.fileIndex, request)
      return { status: 200, headers, body }
    } catch (err) {
      return textResponse(502, toApiError(err).message)
    }
  }

  /** An embedded text track as WebVTT from `start` on, with the film's timestamps, as it downloads. */
  private async routeSubtitles(target: MediaRouteTarget): Promise<MediaResponse> {
    const track = Number(target.query.get('track'))
    const start = Number(target.query.get('start') ?? '0')
    if (!Number.isInteger(track) || track < 0 || track > 255) return textResponse(400, 'Bad subtitle request')
    if (!Number.isFinite(start) || start < 0 || start > 1e7) return textResponse(400, 'Bad subtitle request')
    const headers = { 'Content-Type': 'text/vtt; charset=utf-8' }
    if (target.method === 'HEAD') return { status: 200, headers }
    const { infoHash, fileIndex } = target
    const [tools, { info }] = await Promise.all([this.tools, this.probe(infoHash, fileIndex)])
    const stream = info?.subtitles[track]
    if (!stream) return textResponse(404, 'No such subtitle track')
    if (!stream.text) return textResponse(415, 'Image subtitles cannot be shown as text yet.')
    if (!tools.ffmpeg) return textResponse(502, 'Peerwatch found no ffmpeg to read embedded subtitles.')
    const args = subtitleArgs({
      input: this.access.localUrl(infoHash, fileIndex),
      start,
      timelineStart: info.startSeconds,
      track,
    })
    try {
      const body = await this.runExclusive(`${infoHash}/${fileIndex}/subtitles`, tools.ffmpeg.path, args)
      return { status: 200, headers, body }
    } catch (err) {
      return textResponse(502, toApiError(err).message)
    }
  }

  torrentClosed(infoHash: string): void {
    const ofTorrent = (key: string): boolean => key.startsWith(`${infoHash}/`)
    forget(this.conversions, ofTorrent, (c) => c.stop())
    forget(this.prefetches, ofTorrent, (p) => p.stop())
    forget(this.probes, ofTorrent)
  }

  async close(): Promise<void> {
    forget(
      this.conversions,
      () => true,
      (c) => c.stop(),
    )
    forget(
      this.prefetches,
      () => true,
      (p) => p.stop(),
    )
  }

  private async convert(infoHash: string, fileIndex: number, request: StreamRequest) {
    const [tools, { info }] = await Promise.all([this.tools, this.probe(infoHash, fileIndex)])
    if (!tools.ffmpeg)
      throw new PeerwatchError('NO_FFMPEG', 'Peerwatch found no ffmpeg to convert this file.')
    if (info) this.prefetchFor(infoHash, fileIndex).at(request.start + info.startSeconds, info)
    const args = conversionArgs({
      input: this.access.localUrl(infoHash, fileIndex),
      start: request.start,
      timelineStart: info?.startSeconds ?? 0,
      decision: request,
      videoCodec: info?.video?.codec ?? null,
      container: info?.container,
      encoder: this.encoder(tools),
    })
    return this.runExclusive(`${infoHash}/${fileIndex}`, tools.ffmpeg.path, args)
  }

  /** Starts ffmpeg for a key, stopping the one before it (a seek, another track). */
  private runExclusive(key: string, ffmpegPath: string, args: string[]) {
    this.conversions.get(key)?.stop()
    const conversion = new Conversion(ffmpegPath, args)
    this.conversions.set(key, conversion)
    void conversion.exited.then(() => {
      if (this.conversions.get(key) === conversion) this.conversions.delete(key)
    })
    return conversion.output()
  }

  private prefetchFor(infoHash: string, fileIndex: number): SeekPrefetch {
    const key = `${infoHash}/${fileIndex}`
    let prefetch = this.prefetches.get(key)
    if (!prefetch) {
      prefetch = new SeekPrefetch(this.access.localUrl(infoHash, fileIndex))
      this.prefetches.set(key, prefetch)
    }
    return prefetch
  }

  private encoder(tools: MediaTools): string {
    return tools.hardwareEncoders[0] ?? 'libx264'
  }

  private probe(infoHash: string, fileIndex: number): Promise<ProbeOutcome> {
    const key = `${infoHash}/${fileIndex}`
    const known = this.probes.get(key)
    if (known) return known
    const outcome = this.runProbe(infoHash, fileIndex).then((result) => {
      this.access.publish({ event: 'wt-media-info', payload: { infoHash, fileIndex, ...result } })
      return result
    })
    this.probes.set(key, outcome)
    return outcome
  }

  private async runProbe(infoHash: string, fileIndex: number): Promise<ProbeOutcome> {
    const tools = await this.tools
    if (!tools.ffprobe) {
      const problem = {
        code: 'NO_FFMPEG' as const,
        message: 'Peerwatch found no ffprobe to read this video.',
      }
      return { info: null, problem }
    }
    try {
      return {
        info: await probeMedia(tools.ffprobe.path, this.access.localUrl(infoHash, fileIndex)),
        problem: null,
      }
    } catch (err) {
      return { info: null, problem: toApiError(err) }
    }
  }
}

/** Drops the entries whose key matches, stopping each first. */
function forget<V>(map: Map<string, V>, matches: (key: string) => boolean, stop?: (value: V) => void): void {
  for (const [key, value] of map) {
    if (!matches(key)) continue
    stop?.(value)
    map.delete(key)
  }
}

type StreamRequest = Pick<PlayDecision, 'video' | 'audio' | 'audioTrack' | 'audioChannels' | 'maxHeight'> & {
  start: number
}

function streamQuery(d: PlayDecision): string {
  return new URLSearchParams({
    video: d.video,
    audio: d.audio,
    track: d.audioTrack === null ? '' : String(d.audioTrack),
    channels: String(d.audioChannels),
    height: String(d.maxHeight),
  }).toString()
}

const VIDEO_ACTIONS = ['copy', 'encode', 'none'] as const
const AUDIO_ACTIONS = ['copy', 'encode', 'none'] as const

/** The converter's URL comes from the plan, but a page can write any: every value is checked. */
function parseStreamQuery(query: URLSearchParams): StreamRequest | null {
  const video = VIDEO_ACTIONS.find((a) => a === query.get('video'))
  const audio = AUDIO_ACTIONS.find((a) => a === query.get('audio'))
  const trackText = query.get('track') ?? ''
  const track = trackText === '' ? null : Number(trackText)
  const channels = Number(query.get('channels') ?? '2')
  const height = Number(query.get('height') ?? String(SOFTWARE_MAX_HEIGHT))
  const start = Number(query.get('start') ?? '0')
  if (!video || !audio) return null
  if (track !== null && !(Number.isInteger(track) && track >= 0 && track < 64)) return null
  if (!Number.isInteger(channels) || channels < 1 || channels > 8) return null
  if (!Number.isInteger(height) || height < 144 || height > 2160) return null
  if (!Number.isFinite(start) || start < 0 || start > 1e7) return null
  return { video, audio, audioTrack: track, audioChannels: channels, maxHeight: height, start }
}
