const HEADER = 'WEBVTT\n\n'
// SRT timings: hours may be 1+ digits (VTT needs 2+), the decimal mark is ',' (VTT needs '.').
// Anything after the end time (SRT position hints) is not valid VTT cue settings, so it goes.
const TIMING_LINE = /^\s*(\d+):(\d{2}):(\d{2})[,.](\d{3})\s*-->\s*(\d+):(\d{2}):(\d{2})[,.](\d{3})(?:\s.*)?$/

/**
 * Turns SubRip bytes into a WebVTT document a <track> element accepts. Cue identifiers and cue
 * text (tags, non-ASCII) are kept; only the header, line endings and timing lines change.
 */
export function srtToVtt(bytes: Uint8Array): string {
  // fatal: false turns invalid UTF-8 into U+FFFD; the default ignoreBOM: false strips a BOM.
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map(convertLine)
  const body = lines.join('\n').replace(/^\n+/, '').replace(/\n*$/, '')
  return body === '' ? HEADER : `${HEADER}${body}\n`
}

function convertLine(line: string): string {
  // VTT only ends a cue on a truly empty line; SRT files often pad the separator with spaces.
  if (/^[ \t]*$/.test(line)) return ''
  const timing = TIMING_LINE.exec(line)
  if (timing) {
    const [, h1, m1, s1, ms1, h2, m2, s2, ms2] = timing
    return `${timestamp(h1, m1, s1, ms1)} --> ${timestamp(h2, m2, s2, ms2)}`
  }
  // '-->' anywhere else would end the cue early in a VTT parser; '&gt;' renders the same glyph.
  return line.replaceAll('-->', '--&gt;')
}

function timestamp(hours = '0', minutes = '00', seconds = '00', millis = '000'): string {
  return `${hours.padStart(2, '0')}:${minutes}:${seconds}.${millis}`
}
