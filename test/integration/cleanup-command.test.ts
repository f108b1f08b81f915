import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ownedMarkPath } from '../../src-main/engine/download-layout.js'
import { REPO_ROOT, runCli } from '../helpers/cli-process.js'

const OLD = 'a'.repeat(40)
const FRESH = 'b'.repeat(40)
let downloads: string

beforeEach(async () => {
  downloads = await mkdtemp(join(tmpdir(), 'pw-cleanup-cli-'))
  for (const [infoHash, ageHours] of [
    [OLD, 48],
    [FRESH, 0],
  ] as const) {
    await mkdir(join(downloads, infoHash))
    await writeFile(join(downloads, infoHash, 'Film.mkv'), Buffer.alloc(20_000, 1))
    await writeFile(ownedMarkPath(downloads, infoHash), '')
    const when = new Date(Date.now() - ageHours * 3_600_000)
    await utimes(join(downloads, infoHash, 'Film.mkv'), when, when)
    await utimes(ownedMarkPath(downloads, infoHash), when, when)
    await utimes(join(downloads, infoHash), when, when)
  }
})

afterEach(async () => {
  await rm(downloads, { recursive: true, force: true })
})

describe('peerwatch cleanup', () => {
  it('says what it would remove with --dry-run, and removes nothing', async () => {
    const { cli, exit } = await runCli(['cleanup', '--dry-run', '--download-dir', downloads])
    expect(exit.code).toBe(0)
    expect(cli.lines[0]).toBe('Would remove Film.mkv (20.0 kB)')
    expect(cli.lines[1]).toBe('Would free 20.0 kB from 1 download; kept 1 download (0 open, 1 recent).')
    expect(existsSync(join(downloads, OLD))).toBe(true)
  })

  it('removes downloads older than --older-than and reports them as JSON', async () => {
    const { cli, exit } = await runCli([
      'cleanup',
      '--older-than',
      '1d',
      '--json',
      '--download-dir',
      downloads,
    ])
    expect(exit.code).toBe(0)
    const report = JSON.parse(cli.lines.join(''))
    expect(report).toMatchObject({
      downloadDir: downloads,
      dryRun: false,
      removed: [{ infoHash: OLD, name: 'Film.mkv', bytes: 20_000 }],
      kept: [{ infoHash: FRESH, reason: 'recent' }],
    })
    expect(existsSync(join(downloads, OLD))).toBe(false)
    expect(existsSync(join(downloads, FRESH, 'Film.mkv'))).toBe(true)
  })

  it('refuses an age it cannot read: one line, exit 2', async () => {
    const { cli, exit } = await runCli(['cleanup', '--older-than', 'yesterday', '--download-dir', downloads])
    expect(exit.code).toBe(2)
    expect(cli.stderrLines()).toEqual([
      'peerwatch: --older-than takes a duration like 24h, 90m or 2d, not "yesterday".',
    ])
    expect(existsSync(join(downloads, OLD))).toBe(true)
  })

  it('runs from the cron wrapper script with the same arguments', async () => {
    const script = join(REPO_ROOT, 'scripts', 'cleanup-downloads.sh')
    const output = await new Promise<string>((resolve, reject) =>
      execFile('bash', [script, '--older-than', '24h', '--download-dir', downloads], (err, stdout) =>
        err ? reject(err) : resolve(stdout),
      ),
    )
    expect(output).toContain('Removed Film.mkv (20.0 kB)')
    expect(existsSync(join(downloads, OLD))).toBe(false)
  })
})
