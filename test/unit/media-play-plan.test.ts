import { describe, expect, it } from 'vitest'
import { decidePlay } from '../../src-main/media/play-plan.js'
import type { MediaInfo, PlayerCapabilities } from '../../src-shared/contract.js'

const OPTIONS = { maxEncodeHeight: 720 }

const H264: NonNullable<MediaInfo['video']> = {
  codec: 'h264',
  codecString: 'avc1.640028',
  profile: 'High',
  bitDepth: 8,
  width: 1920,
  height: 1080,
  frameRate: 23.976,
}

function film(overrides: Partial<MediaInfo> = {}): MediaInfo {
  return {
    container: 'matroska',
    containerMime: 'video/x-matroska',
    durationSeconds: 5400,
    startSeconds: 0,
    bitRate: 8_000_000,
    video: H264,
    audio: [
      {
        index: 0,
        codec: 'ac3',
        codecString: 'ac-3',
        channels: 6,
        language: 'eng',
        title: null,
        default: true,
      },
      {
        index: 1,
        codec: 'aac',
        codecString: 'mp4a.40.2',
        channels: 2,
        language: 'fre',
        title: null,
        default: false,
      },
    ],
    subtitles: [],
    ...overrides,
  }
}

const chromium = (overrides: Partial<PlayerCapabilities> = {}): PlayerCapabilities => ({
  directPlay: false,
  video: true,
  audio: [false, true],
  maxAudioChannels: 6,
  mse: true,
  ...overrides,
})

describe('the play ladder', () => {
  it('plays directly what the player decodes as it is, with its first audio track', () => {
    const d = decidePlay(film(), chromium({ directPlay: true }), undefined, OPTIONS)
    expect(d).toMatchObject({ mode: 'direct', audioTrack: 0 })
  })

  it('converts only the sound when the picture plays but the sound (AC3 5.1) does not, keeping 5.1', () => {
    const d = decidePlay(film(), chromium(), undefined, OPTIONS)
    expect(d).toMatchObject({ mode: 'audio', video: 'copy', audio: 'encode', audioChannels: 6 })
    expect(d.reason).toBe('The sound (AC3 5.1) is converted to AAC as it plays; the picture is copied.')
  })

  it('downmixes to stereo for a player that decodes only two channels', () => {
    expect(decidePlay(film(), chromium({ maxAudioChannels: 2 }), undefined, OPTIONS).audioChannels).toBe(2)
  })

  it('repackages, without converting, a second audio track the player decodes', () => {
    const d = decidePlay(film(), chromium({ directPlay: true }), 1, OPTIONS)
    expect(d).toMatchObject({ mode: 'remux', audioTrack: 1, video: 'copy', audio: 'copy' })
  })

  it('converts the picture it cannot decode and says at which height', () => {
    const hevc = film({
      video: { ...H264, codec: 'hevc', codecString: 'hvc1.2.4.L120.B0', bitDepth: 10 },
    })
    const d = decidePlay(hevc, chromium({ video: false }), 1, OPTIONS)
    expect(d).toMatchObject({ mode: 'transcode', video: 'encode', audio: 'copy' })
    expect(d.reason).toBe('The picture (HEVC 10-bit) is converted to H.264 at 720p as it plays.')
  })

  it('never copies a codec fragmented MP4 cannot carry, whatever the player claims', () => {
    const wmv = film({ video: { ...H264, codec: 'wmv3', codecString: null } })
    expect(decidePlay(wmv, chromium({ video: true }), undefined, OPTIONS).video).toBe('encode')
  })

  it('follows the file default when no track is asked for, and ignores a track it does not have', () => {
    const info = film({ audio: film().audio.map((a) => ({ ...a, default: a.index === 1 })) })
    expect(decidePlay(info, chromium(), undefined, OPTIONS).audioTrack).toBe(1)
    expect(decidePlay(info, chromium(), 7, OPTIONS).audioTrack).toBe(1)
  })

  it('plays as it is when the file could not be probed', () => {
    expect(decidePlay(null, chromium(), undefined, OPTIONS).mode).toBe('direct')
  })

  it('refuses to convert for a player without Media Source Extensions, pointing to VLC', () => {
    expect(() => decidePlay(film(), chromium({ mse: false }), undefined, OPTIONS)).toThrow(/VLC/)
  })
})
