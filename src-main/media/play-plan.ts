import type { MediaInfo, PlayerCapabilities, PlayMode } from '../../src-shared/contract.js'
import { PeerwatchError } from '../../src-shared/errors.js'
import { channelLabel, codecLabel } from '../../src-shared/media-labels.js'

/** How one file reaches one player: the cheapest rung of the ladder that works. */
export interface PlayDecision {
  mode: PlayMode
  audioTrack: number | null
  video: 'copy' | 'encode' | 'none'
  audio: 'copy' | 'encode' | 'none'
  /** Channels of the AAC the converter makes (when audio is encoded). */
  audioChannels: number
  /** Largest picture height of an encoded video. */
  maxHeight: number
  reason: string
}

/** Video codecs fragmented MP4 can carry as they are. */
const MP4_VIDEO = new Set(['h264', 'hevc', 'av1', 'vp9'])
/** Audio codecs fragmented MP4 can carry as they are (and ffmpeg writes there). */
const MP4_AUDIO = new Set(['aac', 'mp3', 'ac3', 'eac3', 'opus', 'flac', 'alac'])

export interface PlanOptions {
  /** The tallest picture the converter encodes at real-time speed here (720 without hardware). */
  maxEncodeHeight: number
}

/**
 * Direct play when the player decodes the file as it is and the chosen audio track is the one it
 * would play; else remux (container only), audio transcode (picture copied), or full transcode.
 */
export function decidePlay(
  info: MediaInfo | null,
  caps: PlayerCapabilities,
  requestedAudio: number | undefined,
  options: PlanOptions,
): PlayDecision {
  const audioTrack = chooseAudioTrack(info, requestedAudio)
  const base = { audioTrack, audioChannels: 2, maxHeight: options.maxEncodeHeight }
  if (!info) return { ...base, mode: 'direct', video: 'copy', audio: 'copy', reason: 'Plays as it is.' }
  const firstAudio = info.audio[0]?.index ?? null
  if (caps.directPlay && audioTrack === firstAudio) {
    return { ...base, mode: 'direct', video: 'copy', audio: 'copy', reason: 'Plays as it is.' }
  }
  if (!caps.mse) {
    throw new PeerwatchError(
      'CONVERSION_FAILED',
      'This browser cannot play converted video (it has no Media Source Extensions): open it in VLC.',
    )
  }
  const track = audioTrack === null ? undefined : info.audio[audioTrack]
  const video = !info.video ? 'none' : caps.video && MP4_VIDEO.has(info.video.codec) ? 'copy' : 'encode'
  const audio = !track
    ? 'none'
    : caps.audio[track.index] === true && MP4_AUDIO.has(track.codec)
      ? 'copy'
      : 'encode'
  const audioChannels = Math.max(1, Math.min(track?.channels || 2, caps.maxAudioChannels >= 6 ? 6 : 2))
  const mode: PlayMode = video === 'encode' ? 'transcode' : audio === 'encode' ? 'audio' : 'remux'
  return { ...base, mode, video, audio, audioChannels, reason: reasonFor(mode, info, track, options) }
}

/** The requested track if it exists, else the file's default, else the first. */
export function chooseAudioTrack(info: MediaInfo | null, requested: number | undefined): number | null {
  if (!info || info.audio.length === 0) return requested ?? null
  if (requested !== undefined && info.audio.some((a) => a.index === requested)) return requested
  return (info.audio.find((a) => a.default) ?? info.audio[0])?.index ?? null
}

function reasonFor(
  mode: PlayMode,
  info: MediaInfo,
  track: MediaInfo['audio'][number] | undefined,
  options: PlanOptions,
): string {
  const sound = track
    ? `${codecLabel(track.codec)}${track.channels > 2 ? ` ${channelLabel(track.channels)}` : ''}`
    : ''
  if (mode === 'transcode') {
    const picture = `${codecLabel(info.video?.codec ?? '')}${info.video?.bitDepth && info.video.bitDepth > 8 ? ` ${info.video.bitDepth}-bit` : ''}`
    const scaled =
      (info.video?.height ?? 0) > options.maxEncodeHeight ? ` at ${options.maxEncodeHeight}p` : ''
    return `The picture (${picture}) is converted to H.264${scaled} as it plays.`
  }
  if (mode === 'audio') return `The sound (${sound}) is converted to AAC as it plays; the picture is copied.`
  return `Repackaged as it plays (${info.container}${track ? `, ${sound}` : ''}); picture and sound are copied.`
}
