import type { AudioTrackInfo, MediaInfo, SubtitleStreamInfo } from './contract.js'

// Codecs, channels and languages as people read them: the play plan's reasons, the player's track
// menus and the CLI say the same words.

const CODEC_LABELS: Record<string, string> = {
  h264: 'H.264',
  hevc: 'HEVC',
  av1: 'AV1',
  vp9: 'VP9',
  vp8: 'VP8',
  mpeg4: 'MPEG-4 Part 2',
  mpeg2video: 'MPEG-2',
  mpeg1video: 'MPEG-1',
  vc1: 'VC-1',
  wmv1: 'WMV 7',
  wmv2: 'WMV 8',
  wmv3: 'WMV 9',
  ac3: 'AC3',
  eac3: 'E-AC3',
  dts: 'DTS',
  truehd: 'TrueHD',
  mp2: 'MP2',
  mp3: 'MP3',
  aac: 'AAC',
  flac: 'FLAC',
  opus: 'Opus',
  vorbis: 'Vorbis',
  wmav1: 'WMA',
  wmav2: 'WMA',
  wmapro: 'WMA Pro',
  subrip: 'SRT',
  ass: 'ASS',
  ssa: 'SSA',
  webvtt: 'WebVTT',
  mov_text: 'MP4 text',
  hdmv_pgs_subtitle: 'PGS',
  dvd_subtitle: 'VobSub',
  dvb_subtitle: 'DVB',
}

export function codecLabel(codec: string): string {
  return CODEC_LABELS[codec] ?? codec.toUpperCase()
}

export function channelLabel(channels: number): string {
  if (channels === 1) return 'mono'
  if (channels === 2) return 'stereo'
  if (channels === 6) return '5.1'
  if (channels === 8) return '7.1'
  return `${channels} ch`
}

// ISO 639-2 bibliographic codes that Intl does not know, to their terminology twins.
const BIBLIOGRAPHIC: Record<string, string> = {
  alb: 'sqi',
  arm: 'hye',
  baq: 'eus',
  bur: 'mya',
  chi: 'zho',
  cze: 'ces',
  dut: 'nld',
  fre: 'fra',
  geo: 'kat',
  ger: 'deu',
  gre: 'ell',
  ice: 'isl',
  mac: 'mkd',
  mao: 'mri',
  may: 'msa',
  per: 'fas',
  rum: 'ron',
  slo: 'slk',
  tib: 'bod',
  wel: 'cym',
}

/** "eng" -> "English", "fre" -> "French"; the code itself when Intl does not know it. */
export function languageName(code: string | null): string | null {
  if (!code) return null
  const lower = code.toLowerCase()
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(BIBLIOGRAPHIC[lower] ?? lower)
    return name && name.toLowerCase() !== lower ? name : code
  } catch {
    return code
  }
}

/** "English · AAC stereo", "Track 2 · DTS 5.1", with the track's own title when it has one. */
export function audioTrackLabel(track: AudioTrackInfo): string {
  const name = languageName(track.language) ?? `Track ${track.index + 1}`
  const title = track.title && track.title !== name ? ` (${track.title})` : ''
  return `${name}${title} · ${codecLabel(track.codec)} ${channelLabel(track.channels)}`
}

/** "English · SRT", "French (forced) · ASS". */
export function subtitleStreamLabel(track: SubtitleStreamInfo): string {
  const name = languageName(track.language) ?? `Track ${track.index + 1}`
  const forced = track.forced ? ' (forced)' : ''
  return `${name}${forced} · ${codecLabel(track.codec)}`
}

/** The track in the person's language (codes compared as languages: fre, fra and fr match). */
export function preferredAudioTrack(tracks: AudioTrackInfo[], language: string): number | undefined {
  if (!language) return undefined
  const wanted = languageName(language)?.toLowerCase()
  return tracks.find((t) => t.language !== null && languageName(t.language)?.toLowerCase() === wanted)?.index
}

/** One line of what a video holds: "H.264 1920x1080 · audio: English · AC3 5.1 · subtitles: French · SRT". */
export function describeMediaInfo(info: MediaInfo): string {
  const video = info.video
    ? `${codecLabel(info.video.codec)}${info.video.bitDepth && info.video.bitDepth > 8 ? ` ${info.video.bitDepth}-bit` : ''} ${info.video.width}x${info.video.height}`
    : 'no picture'
  const parts = [video, `audio: ${info.audio.map(audioTrackLabel).join(', ') || 'none'}`]
  if (info.subtitles.length > 0)
    parts.push(`subtitles: ${info.subtitles.map(subtitleStreamLabel).join(', ')}`)
  return parts.join(' · ')
}

/** Two-letter codes of the languages films most often carry, most common first. */
export const LANGUAGE_CODES = [
  'en',
  'fr',
  'de',
  'es',
  'it',
  'pt',
  'nl',
  'sv',
  'no',
  'da',
  'fi',
  'pl',
  'cs',
  'sk',
  'hu',
  'ro',
  'bg',
  'el',
  'tr',
  'ru',
  'uk',
  'ar',
  'he',
  'fa',
  'hi',
  'th',
  'vi',
  'id',
  'ms',
  'ja',
  'ko',
  'zh',
  'hr',
  'sr',
  'sl',
  'et',
  'lv',
  'lt',
  'is',
]
