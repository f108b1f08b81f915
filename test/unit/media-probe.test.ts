import { describe, expect, it } from 'vitest'
import { audioCodecString, videoCodecString } from '../../src-main/media/codec-strings.js'
import { describeProbe } from '../../src-main/media/probe.js'
import {
  audioTrackLabel,
  describeMediaInfo,
  languageName,
  preferredAudioTrack,
} from '../../src-shared/media-labels.js'

describe('codec strings a player can be asked about', () => {
  it('names H.264, HEVC, AV1 and VP9 by profile, level and depth', () => {
    expect(videoCodecString({ codec_name: 'h264', profile: 'High', level: 41 })).toBe('avc1.640029')
    expect(videoCodecString({ codec_name: 'h264', profile: 'Constrained Baseline', level: 30 })).toBe(
      'avc1.42401E',
    )
    expect(videoCodecString({ codec_name: 'hevc', profile: 'Main 10', level: 120 })).toBe('hvc1.2.4.L120.B0')
    expect(videoCodecString({ codec_name: 'av1', profile: 'Main', level: 8, pix_fmt: 'yuv420p10le' })).toBe(
      'av01.0.08M.10',
    )
    expect(videoCodecString({ codec_name: 'vp9', profile: 'Profile 0', pix_fmt: 'yuv420p' })).toBe(
      'vp09.00.10.08',
    )
  })

  it('has none for codecs without one, so they are converted', () => {
    expect(videoCodecString({ codec_name: 'vc1' })).toBeNull()
    expect(audioCodecString({ codec_name: 'mp2' })).toBeNull()
    expect(audioCodecString({ codec_name: 'wmav2' })).toBeNull()
  })

  it('names the sound codecs players know', () => {
    expect(audioCodecString({ codec_name: 'eac3' })).toBe('ec-3')
    expect(audioCodecString({ codec_name: 'dts', profile: 'DTS-HD MA' })).toBe('dtsh')
    expect(audioCodecString({ codec_name: 'aac', profile: 'HE-AAC' })).toBe('mp4a.40.5')
  })
})

describe("ffprobe's answer as MediaInfo", () => {
  const answer = (streams: unknown[], format: object = {}) =>
    JSON.stringify({ format: { format_name: 'matroska,webm', duration: '60.5', ...format }, streams })

  it('skips cover art, reads languages and dispositions, and tells text subtitles from images', () => {
    const info = describeProbe(
      answer([
        { index: 0, codec_type: 'video', codec_name: 'mjpeg', disposition: { attached_pic: 1 } },
        { index: 1, codec_type: 'video', codec_name: 'vp9', width: 640, height: 360, pix_fmt: 'yuv420p' },
        { index: 2, codec_type: 'audio', codec_name: 'opus', channels: 2, tags: { language: 'ger' } },
        { index: 3, codec_type: 'subtitle', codec_name: 'hdmv_pgs_subtitle', disposition: { forced: 1 } },
        { index: 4, codec_type: 'subtitle', codec_name: 'ass', tags: { language: 'und' } },
      ]),
    )
    expect(info.video?.codec).toBe('vp9')
    expect(info.containerMime).toBe('video/webm')
    expect(info.durationSeconds).toBe(60.5)
    expect(info.audio[0]).toMatchObject({ index: 0, language: 'ger', channels: 2 })
    expect(info.subtitles.map((s) => [s.codec, s.text, s.forced, s.language])).toEqual([
      ['hdmv_pgs_subtitle', false, true, null],
      ['ass', true, false, null],
    ])
  })

  it('rejects what is not ffprobe JSON with a plain sentence', () => {
    expect(() => describeProbe('<html>')).toThrow(/not JSON/)
    expect(() => describeProbe(JSON.stringify({ streams: 'x' }))).toThrow(/damaged or is not a video/)
  })
})

describe('languages and track labels', () => {
  it('reads bibliographic and two-letter codes alike', () => {
    expect(languageName('fre')).toBe('French')
    expect(languageName('deu')).toBe('German')
    expect(languageName('en')).toBe('English')
    expect(languageName('qqq')).toBe('qqq')
  })

  it('labels a track by language and sound, and finds the one in the chosen language', () => {
    const tracks = [
      {
        index: 0,
        codec: 'dts',
        codecString: 'dtsc',
        channels: 6,
        language: 'eng',
        title: null,
        default: true,
      },
      {
        index: 1,
        codec: 'ac3',
        codecString: 'ac-3',
        channels: 2,
        language: 'fre',
        title: 'VFF',
        default: false,
      },
    ]
    expect(tracks.map(audioTrackLabel)).toEqual(['English · DTS 5.1', 'French (VFF) · AC3 stereo'])
    expect(preferredAudioTrack(tracks, 'fr')).toBe(1)
    expect(preferredAudioTrack(tracks, 'ja')).toBeUndefined()
    expect(preferredAudioTrack(tracks, '')).toBeUndefined()
  })
})

describe('what the CLI says a video holds', () => {
  it('names the picture, every audio track and every subtitle track in one line', () => {
    const info = describeProbe(
      JSON.stringify({
        format: { format_name: 'matroska,webm', duration: '5400' },
        streams: [
          {
            index: 0,
            codec_type: 'video',
            codec_name: 'hevc',
            width: 1920,
            height: 1080,
            pix_fmt: 'yuv420p10le',
          },
          { index: 1, codec_type: 'audio', codec_name: 'eac3', channels: 6, tags: { language: 'eng' } },
          { index: 2, codec_type: 'subtitle', codec_name: 'subrip', tags: { language: 'fre' } },
        ],
      }),
    )
    expect(describeMediaInfo(info)).toBe(
      'HEVC 10-bit 1920x1080 · audio: English · E-AC3 5.1 · subtitles: French · SRT',
    )
  })
})
