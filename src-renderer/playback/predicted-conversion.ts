import type { ReleaseQuality } from '../../src-shared/release-name.js'
import { mediaSourceClass } from './capabilities.js'

/** Codec strings this browser is asked about, for what release names call them. */
const VIDEO_TYPES: Partial<Record<NonNullable<ReleaseQuality['video']>, string>> = {
  HEVC: 'video/mp4; codecs="hvc1.1.6.L120.90"',
  AV1: 'video/mp4; codecs="av01.0.08M.08"',
}
const AUDIO_TYPES: Partial<Record<NonNullable<ReleaseQuality['audio']>, string>> = {
  DD: 'audio/mp4; codecs="ac-3"',
  'DD+': 'audio/mp4; codecs="ec-3"',
}
/** No browser decodes these. */
const NEVER_VIDEO = new Set(['XviD'])
const NEVER_AUDIO = new Set(['DTS', 'TrueHD'])

function browserPlays(type: string | undefined): boolean {
  if (!type) return true
  try {
    return mediaSourceClass()?.isTypeSupported(type) ?? false
  } catch {
    return false
  }
}

/**
 * What Peerwatch will likely convert for this browser to play a copy, read from its name before
 * anything is downloaded: the picture (slow, heavy), the sound (light), or nothing. The probe
 * decides for certain once the file is open.
 */
export function predictedConversion(quality: ReleaseQuality): 'picture' | 'sound' | null {
  const video = quality.video
  if (video && (NEVER_VIDEO.has(video) || !browserPlays(VIDEO_TYPES[video]))) return 'picture'
  const audio = quality.audio
  if (audio && (NEVER_AUDIO.has(audio) || !browserPlays(AUDIO_TYPES[audio]))) return 'sound'
  return null
}
