import { describe, expect, it } from 'vitest'
import { startFailure } from '../../src-main/host/engine-launcher.js'
import { PeerwatchError } from '../../src-shared/errors.js'

describe('why an engine worker did not start', () => {
  it('is the last reason the worker gave, in its own words', () => {
    const stderr = [
      'peerwatch engine: a torrent fault it got over',
      'peerwatch engine: EACCES: permission denied, mkdir /films\r',
      '(node:42) Warning: something unrelated',
      '',
    ].join('\n')
    const failure = startFailure(stderr, { code: 1, signal: null })
    expect(failure.message).toBe('EACCES: permission denied, mkdir /films')
    expect(failure).not.toBeInstanceOf(PeerwatchError)
  })

  it('is how the process ended when the worker said nothing', () => {
    const failure = startFailure('Segmentation fault\n', { code: null, signal: 'SIGSEGV' })
    expect(failure).toMatchObject({
      code: 'UNAVAILABLE',
      message: 'The torrent engine did not start (signal SIGSEGV).',
    })
  })
})
