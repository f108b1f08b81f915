import { createDiffieHellman } from 'node:crypto'
import Wire from 'bittorrent-protocol'
import { describe, expect, it } from 'vitest'
import { MSE_PRIME_HEX } from '../helpers/mse.js'

// patches/bittorrent-protocol+*.patch replaces Node's DiffieHellman (whose constructor runs
// ~25 ms of primality tests per connection) with the same fixed-group arithmetic in BigInt.
// A peer running any other client computes its half with OpenSSL: both halves must agree.

interface KeyExchange {
  generateKeys(): Uint8Array
  computeSecret(otherPublicKey: Uint8Array): Uint8Array
}

function encryptingWireKeys(): KeyExchange {
  const wire = new Wire('tcpOutgoing', 2) as unknown as { _encryptor: { dh: KeyExchange } }
  return wire._encryptor.dh
}

describe('protocol encryption key exchange (patched bittorrent-protocol)', () => {
  it('agrees on the shared secret with OpenSSL in both directions', () => {
    for (let round = 0; round < 8; round++) {
      const ours = encryptingWireKeys()
      const theirs = createDiffieHellman(MSE_PRIME_HEX, 'hex', 2)
      const ourPublic = ours.generateKeys()
      const theirPublic = theirs.generateKeys()
      expect(ourPublic).toHaveLength(96)
      const ourSecret = Buffer.from(ours.computeSecret(theirPublic))
      const theirSecret = theirs.computeSecret(Buffer.from(ourPublic))
      expect(ourSecret).toHaveLength(96)
      expect(ourSecret.equals(theirSecret)).toBe(true)
    }
  })

  it('is applied by npm install (postinstall runs patch-package)', () => {
    expect(encryptingWireKeys().constructor.name).toBe('FixedGroupDiffieHellman')
  })

  it('gives every connection its own key', () => {
    const a = Buffer.from(encryptingWireKeys().generateKeys())
    const b = Buffer.from(encryptingWireKeys().generateKeys())
    expect(a.equals(b)).toBe(false)
  })

  it('refuses a degenerate public key from a peer instead of deriving a guessable secret', () => {
    const ours = encryptingWireKeys()
    ours.generateKeys()
    const one = new Uint8Array(96)
    one[95] = 1
    expect(() => ours.computeSecret(one)).toThrow(/invalid/)
    expect(() => ours.computeSecret(new Uint8Array(96))).toThrow(/invalid/)
  })
})
