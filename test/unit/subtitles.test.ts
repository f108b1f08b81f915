import { describe, expect, it } from 'vitest'
import { srtToVtt } from '../../src-main/engine/subtitles.js'

const utf8 = (text: string) => new TextEncoder().encode(text)

const SRT = [
  '1',
  '00:00:01,000 --> 00:00:02,500',
  'Well, well, well… <i>Café</i> for two?',
  '',
  '2',
  '00:01:02,345 --> 00:01:04,000',
  'Zoë: "Ça va, 1,000 times"',
  'Second line',
  '',
].join('\r\n')

/** The checks a WebVTT parser makes that an SRT file can trip. */
function expectValidVtt(vtt: string): void {
  expect(vtt.startsWith('WEBVTT\n\n')).toBe(true)
  expect(vtt).not.toMatch(/\r/)
  for (const block of vtt.slice('WEBVTT\n\n'.length).split(/\n\n+/)) {
    if (block === '' || block === '\n') continue
    const lines = block.replace(/\n$/, '').split('\n')
    const timingAt = lines.findIndex((line) => line.includes('-->'))
    expect(timingAt === 0 || timingAt === 1).toBe(true)
    expect(lines[timingAt]).toMatch(/^\d{2,}:\d{2}:\d{2}\.\d{3} --> \d{2,}:\d{2}:\d{2}\.\d{3}$/)
    for (const text of lines.slice(timingAt + 1)) expect(text).not.toContain('-->')
  }
}

describe('srtToVtt', () => {
  it('turns a CRLF SubRip file into WebVTT with dotted timings and untouched cue text', () => {
    const vtt = srtToVtt(utf8(SRT))
    expect(vtt).toBe(
      [
        'WEBVTT',
        '',
        '1',
        '00:00:01.000 --> 00:00:02.500',
        'Well, well, well… <i>Café</i> for two?',
        '',
        '2',
        '00:01:02.345 --> 00:01:04.000',
        'Zoë: "Ça va, 1,000 times"',
        'Second line',
        '',
      ].join('\n'),
    )
    expectValidVtt(vtt)
  })

  it('strips a byte-order mark and handles old Mac CR line endings', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf])
    const body = utf8('1\r00:00:01,000 --> 00:00:02,000\rHi\r')
    const vtt = srtToVtt(new Uint8Array([...bom, ...body]))
    expect(vtt).toBe('WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nHi\n')
  })

  it('gives an empty but valid document for an empty file', () => {
    expect(srtToVtt(new Uint8Array())).toBe('WEBVTT\n\n')
    expect(srtToVtt(utf8('\r\n\r\n'))).toBe('WEBVTT\n\n')
    expect(srtToVtt(new Uint8Array([0xef, 0xbb, 0xbf]))).toBe('WEBVTT\n\n')
  })

  it('replaces invalid UTF-8 with U+FFFD instead of failing', () => {
    const bytes = new Uint8Array([...utf8('1\n00:00:01,000 --> 00:00:02,000\nA'), 0xff, 0xc3, ...utf8('B\n')])
    const vtt = srtToVtt(bytes)
    expect(vtt).toContain('A\uFFFD\uFFFDB')
    expectValidVtt(vtt)
  })

  it('pads one-digit hours and drops SRT position hints after the end time', () => {
    const vtt = srtToVtt(utf8('1\n0:00:01,000 --> 0:00:02,000  X1:10 X2:20 Y1:5 Y2:9\nHi\n'))
    expect(vtt).toContain('00:00:01.000 --> 00:00:02.000\n')
    expectValidVtt(vtt)
  })

  it('keeps an arrow typed in cue text from ending the cue', () => {
    const vtt = srtToVtt(utf8('1\n00:00:01,000 --> 00:00:02,000\nLeft --> right\n'))
    expect(vtt).toContain('Left --&gt; right')
    expectValidVtt(vtt)
  })

  it('only rewrites commas on timing lines', () => {
    const vtt = srtToVtt(utf8('1\n00:00:01,000 --> 00:00:02,000\n00:00:01,000 is the time, sir\n'))
    expect(vtt).toContain('00:00:01,000 is the time, sir')
  })

  it('turns whitespace-only separator lines into real blank lines', () => {
    const vtt = srtToVtt(
      utf8('1\n00:00:01,000 --> 00:00:02,000\nA\n  \n2\n00:00:03,000 --> 00:00:04,000\nB\n'),
    )
    expect(vtt).toBe('WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nA\n\n2\n00:00:03.000 --> 00:00:04.000\nB\n')
    expectValidVtt(vtt)
  })
})
