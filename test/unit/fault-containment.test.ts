import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

// A fault in one torrent's code that nothing catches must not end the process, and must be
// charged to that torrent: the process is `serve` for a whole household.

const script = new URL('../helpers/faulty-process.ts', import.meta.url).pathname

function run(contain: boolean): { status: number | null; lines: string[] } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, CONTAIN: contain ? '1' : '0' },
    encoding: 'utf8',
    timeout: 20_000,
  })
  return { status: child.status, lines: child.stdout.split('\n').filter(Boolean) }
}

describe('faults nothing caught', () => {
  it('are reported with the torrent they happened for, and the process goes on', () => {
    const { status, lines } = run(true)
    expect(lines).toEqual([
      JSON.stringify({ infoHash: 'a'.repeat(40), message: 'thrown from a timer' }),
      JSON.stringify({ infoHash: 'b'.repeat(40), message: 'rejected, never awaited' }),
      JSON.stringify({ infoHash: null, message: 'thrown outside any torrent' }),
      'still serving',
    ])
    expect(status).toBe(0)
  })

  it('end the process when nothing contains them (what the engine and serve did before)', () => {
    const { status, lines } = run(false)
    expect(status).not.toBe(0)
    expect(lines).not.toContain('still serving')
  })
})
