import { describe, expect, it } from 'vitest'
import { decodeWireMessage, encodeWireMessage } from '../../src-shared/wire-codec.js'

describe('wire codec', () => {
  it('carries a dropped .torrent file through text intact', () => {
    const torrentFile = new Uint8Array(100_000).map((_, i) => (i * 31) % 256)
    const message = { kind: 'request', id: 7, channel: 'wt-add', payload: { torrentFile } }
    const decoded = decodeWireMessage(encodeWireMessage(message)) as typeof message
    expect(decoded.payload.torrentFile).toBeInstanceOf(Uint8Array)
    expect(Buffer.from(decoded.payload.torrentFile).equals(Buffer.from(torrentFile))).toBe(true)
    expect(decoded.id).toBe(7)
  })

  it('leaves look-alike objects and names alone', () => {
    const message = { name: '{"$bytes":"AAAA"}', other: { $bytes: 'AA', extra: 1 } }
    expect(decodeWireMessage(encodeWireMessage(message))).toEqual(message)
  })

  it('throws on text that is not JSON', () => {
    expect(() => decodeWireMessage('<html>')).toThrow()
  })
})
