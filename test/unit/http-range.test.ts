import { describe, expect, it } from 'vitest'
import { parseRange } from '../../src-main/engine/http-range.js'

const NONE = { kind: 'none' }
const UNSATISFIABLE = { kind: 'unsatisfiable' }
const range = (start: number, end: number) => ({ kind: 'range', start, end })

describe('parseRange on a 1000-byte file', () => {
  const cases: Array<[string | undefined, object]> = [
    // What players send
    [undefined, NONE],
    ['bytes=0-', range(0, 999)],
    ['bytes=0-0', range(0, 0)],
    ['bytes=0-499', range(0, 499)],
    ['bytes=500-', range(500, 999)],
    ['bytes=999-', range(999, 999)],
    ['bytes=-100', range(900, 999)],
    ['bytes=-1', range(999, 999)],
    ['bytes=500-5000', range(500, 999)],
    ['bytes=-5000', range(0, 999)],
    ['bytes=-1000', range(0, 999)],
    ['BYTES=1-2', range(1, 2)],
    ['bytes=0007-9', range(7, 9)],
    ['bytes= 5 - 9 ', range(5, 9)],
    ['  bytes=5-9', range(5, 9)],
    // Nothing to serve
    ['bytes=1000-', UNSATISFIABLE],
    ['bytes=1000-2000', UNSATISFIABLE],
    ['bytes=-0', UNSATISFIABLE],
    // Invalid or unsupported: ignore the header, serve the whole file
    ['', NONE],
    ['bytes', NONE],
    ['bytes=', NONE],
    ['bytes=-', NONE],
    ['bytes=9-5', NONE],
    ['bytes=--1', NONE],
    ['bytes=1-2-3', NONE],
    ['bytes=-1-2', NONE],
    ['bytes=0-1,3-4', NONE],
    ['bytes=0-1, 3-4', NONE],
    ['items=0-1', NONE],
    ['bytes 0-1', NONE],
    ['bytes=+1-2', NONE],
    ['bytes=0x10-', NONE],
    ['bytes=1.5-2', NONE],
    ['bytes=1e3-', NONE],
    ['bytes=abc', NONE],
    ['bytes=٣-٤', NONE],
    ['bytes=99999999999999999999-', NONE],
    ['bytes=0-99999999999999999999', NONE],
    ['bytes=-99999999999999999999', NONE],
    [`bytes=${Number.MAX_SAFE_INTEGER + 1}-`, NONE],
    [`bytes=0-${'0'.repeat(300)}`, NONE],
    [`bytes=0-1${' '.repeat(200)}`, NONE],
  ]

  it.each(cases)('%j -> %j', (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected)
  })
})

describe('parseRange edge lengths', () => {
  it('refuses every range of an empty file but still serves it whole without one', () => {
    expect(parseRange('bytes=0-', 0)).toEqual(UNSATISFIABLE)
    expect(parseRange('bytes=0-0', 0)).toEqual(UNSATISFIABLE)
    expect(parseRange('bytes=-5', 0)).toEqual(UNSATISFIABLE)
    expect(parseRange(undefined, 0)).toEqual(NONE)
  })

  it('handles a one-byte file', () => {
    expect(parseRange('bytes=0-', 1)).toEqual(range(0, 0))
    expect(parseRange('bytes=-1', 1)).toEqual(range(0, 0))
    expect(parseRange('bytes=1-', 1)).toEqual(UNSATISFIABLE)
  })

  it('addresses the end of a file larger than 4 GiB exactly', () => {
    const length = 5 * 1024 ** 3 + 7
    expect(parseRange('bytes=-10', length)).toEqual(range(length - 10, length - 1))
    expect(parseRange(`bytes=${length - 1}-`, length)).toEqual(range(length - 1, length - 1))
  })

  it('never throws on hostile input', () => {
    const hostile = [
      '\u0000',
      'bytes=\u0000-1',
      'bytes=1-\n2',
      '='.repeat(10_000),
      `bytes=${'9'.repeat(150)}`,
    ]
    for (const header of hostile) expect(() => parseRange(header, 1000)).not.toThrow()
    expect(parseRange('bytes=1-\n2', 1000)).toEqual(NONE)
  })
})
