/**
 * RFC 6381 codec strings for what ffprobe reports, so the player can ask its own media stack
 * (canPlayType, MediaSource.isTypeSupported) about this exact stream. null: the format has no
 * such string (MP2, WMA, VC-1...), so no player is asked and the stream is converted.
 */
export interface ProbedStream {
  codec_name?: string
  profile?: string
  level?: number
  pix_fmt?: string
  bits_per_raw_sample?: string
}

export function videoCodecString(stream: ProbedStream): string | null {
  switch (stream.codec_name) {
    case 'h264':
      return avcString(stream)
    case 'hevc':
      return hevcString(stream)
    case 'av1':
      return av1String(stream)
    case 'vp9':
      return `vp09.0${profileNumber(stream.profile, 0)}.10.${twoDigits(bitDepth(stream) ?? 8)}`
    case 'vp8':
      return 'vp8'
    case 'mpeg4':
      return 'mp4v.20.9'
    default:
      return null
  }
}

export function audioCodecString(stream: ProbedStream): string | null {
  switch (stream.codec_name) {
    case 'aac':
      return aacString(stream.profile)
    case 'mp3':
      return 'mp4a.6B'
    case 'ac3':
      return 'ac-3'
    case 'eac3':
      return 'ec-3'
    case 'dts':
      return stream.profile?.startsWith('DTS-HD') ? 'dtsh' : 'dtsc'
    case 'truehd':
      return 'mlpa'
    case 'flac':
      return 'flac'
    case 'opus':
      return 'opus'
    case 'vorbis':
      return 'vorbis'
    case 'alac':
      return 'alac'
    default:
      return null
  }
}

/** Bits per sample of the picture, from the pixel format (yuv420p10le: 10) or the raw sample size. */
export function bitDepth(stream: ProbedStream): number | null {
  const fromFormat = /p(\d{1,2})(?:le|be)$/.exec(stream.pix_fmt ?? '')?.[1]
  if (fromFormat) return Number(fromFormat)
  if (stream.pix_fmt && /^(yuv|yuvj|nv|gray)/.test(stream.pix_fmt)) return 8
  const raw = Number(stream.bits_per_raw_sample)
  return Number.isInteger(raw) && raw > 0 ? raw : null
}

const AVC_PROFILES: Record<string, [number, number]> = {
  Baseline: [0x42, 0x00],
  'Constrained Baseline': [0x42, 0x40],
  Main: [0x4d, 0x00],
  Extended: [0x58, 0x00],
  High: [0x64, 0x00],
  'High 10': [0x6e, 0x00],
  'High 4:2:2': [0x7a, 0x00],
  'High 4:4:4 Predictive': [0xf4, 0x00],
}

function avcString(stream: ProbedStream): string {
  const [profile, constraints] = AVC_PROFILES[stream.profile ?? ''] ?? [0x64, 0x00]
  const level = stream.level && stream.level > 0 && stream.level < 256 ? stream.level : 40
  return `avc1.${hex(profile)}${hex(constraints)}${hex(level)}`
}

function hevcString(stream: ProbedStream): string {
  const profile = stream.profile === 'Main 10' ? 2 : stream.profile === 'Rext' ? 4 : 1
  // The compatibility flags mirror the profile (Main: bits 1 and 2, Main 10: bit 2).
  const compatibility = profile === 1 ? 6 : profile === 2 ? 4 : 16
  const level = stream.level && stream.level > 0 ? stream.level : 120
  return `hvc1.${profile}.${compatibility}.L${level}.B0`
}

function av1String(stream: ProbedStream): string {
  const profile = profileNumber(stream.profile, 0, { Main: 0, High: 1, Professional: 2 })
  const level = stream.level !== undefined && stream.level >= 0 && stream.level < 32 ? stream.level : 8
  return `av01.${profile}.${twoDigits(level)}M.${twoDigits(bitDepth(stream) ?? 8)}`
}

function aacString(profile: string | undefined): string {
  if (profile === 'HE-AAC') return 'mp4a.40.5'
  if (profile === 'HE-AACv2') return 'mp4a.40.29'
  return 'mp4a.40.2'
}

function profileNumber(
  name: string | undefined,
  fallback: number,
  names: Record<string, number> = {},
): number {
  if (name !== undefined && Object.hasOwn(names, name)) return names[name] as number
  const digit = /(\d)$/.exec(name ?? '')?.[1]
  return digit === undefined ? fallback : Number(digit)
}

function hex(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0')
}

function twoDigits(n: number): string {
  return String(n).padStart(2, '0')
}
