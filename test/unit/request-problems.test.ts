import { describe, expect, it } from 'vitest'
import { requestSchemas } from '../../src-shared/contract.js'
import { requestProblem } from '../../src-shared/request-problems.js'

function problemOf(channel: keyof typeof requestSchemas, payload: unknown) {
  const parsed = requestSchemas[channel].safeParse(payload)
  if (parsed.success) throw new Error(`${channel} accepted ${JSON.stringify(payload)}`)
  return requestProblem(parsed.error)
}

describe('a refused request, in words', () => {
  it('names the setting, its limit and its unit, and says which field it is', () => {
    expect(problemOf('settings-set', { retentionHours: 0 })).toEqual({
      code: 'BAD_REQUEST',
      message: 'Keep downloads for must be at least 1 hour.',
      field: 'retentionHours',
    })
    expect(problemOf('settings-set', { memoryBudgetMB: 100_000 })).toMatchObject({
      message: 'The memory budget can be at most 65536 MB.',
      field: 'memoryBudgetMB',
    })
    expect(problemOf('settings-set', { apibayUrl: 'ftp://example.org' }).message).toBe(
      'The Pirate Bay address must be a web address starting with http:// or https://.',
    )
    expect(problemOf('settings-set', { audioLanguage: 'en 1' }).message).toBe(
      'The audio language must be a language code such as en or fre.',
    )
  })

  it('says a pasted search or link is too long, not what the schema expected', () => {
    expect(problemOf('search', { query: 'x'.repeat(201) })).toMatchObject({
      message: 'The search is too long: at most 200 characters.',
      field: 'query',
    })
    // wt-add is a link or a .torrent file: the answer is about the one sent.
    expect(problemOf('wt-add', { torrentId: 'm'.repeat(100_000) })).toMatchObject({
      message: 'The link is too long: at most 16384 characters.',
      field: 'torrentId',
    })
  })

  it('never passes on the schema wording, whatever the request', () => {
    const payloads: Array<[keyof typeof requestSchemas, unknown]> = [
      ['wt-remove', { infoHash: 'nope' }],
      ['settings-set', { store: 'cloud' }],
      ['settings-set', { downloadDir: '/tmp' }],
      ['search', null],
      ['player-position', { infoHash: 'a'.repeat(40), fileIndex: -1, position: 1, duration: 2 }],
    ]
    for (const [channel, payload] of payloads) {
      const { message } = problemOf(channel, payload)
      expect(message).toMatch(/^[A-Z"].*\.$/)
      expect(message).not.toMatch(/Invalid input|expected|Too (big|small)|Unrecognized/)
    }
  })
})
