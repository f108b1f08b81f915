import { execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { searchResultSchema } from '../../src-shared/contract.js'
import { BUILT_CLI, REPO_ROOT } from '../helpers/cli-process.js'
import {
  apibayRoute,
  archiveRoute,
  type FakeSite,
  fixture,
  HANG,
  startFakeSite,
  text,
} from '../helpers/search-servers.js'

const STACK_LINE = /^\s+at /m
let apibaySite: FakeSite
let archiveSite: FakeSite
let dataDir: string

interface Finished {
  code: number | null
  stdout: string
  stderr: string
}

/** The built `peerwatch search ...` as a child process, pointed at the local sites only. */
function runBuiltSearch(args: string[]): Promise<Finished> {
  return runBuilt(['search', ...args])
}

/**
 * The built `peerwatch <args>`, pointed at the local sites only; `until` ends it early (SIGTERM)
 * once its stdout so far passes.
 */
function runBuilt(args: string[], until?: (stdout: string) => boolean): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUILT_CLI, ...args], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PEERWATCH_DEBUG: '',
        PEERWATCH_APIBAY_URL: apibaySite.url,
        PEERWATCH_ARCHIVE_URL: archiveSite.url,
        PEERWATCH_SEARCH_TIMEOUT_MS: '300',
        PEERWATCH_DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      if (until?.(stdout)) child.kill('SIGTERM')
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`peerwatch ${args.join(' ')} did not exit\n${stdout}\n${stderr}`))
    }, 20_000)
    child.once('error', reject)
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

beforeAll(async () => {
  if (!existsSync(BUILT_CLI))
    execFileSync('npx', ['electron-vite', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' })
  apibaySite = await startFakeSite(apibayRoute())
  archiveSite = await startFakeSite(archiveRoute())
  dataDir = await mkdtemp(join(tmpdir(), 'pw-search-cli-'))
}, 300_000)

beforeEach(() => {
  apibaySite.route = apibayRoute()
  archiveSite.route = archiveRoute()
})

afterAll(async () => {
  await Promise.all([
    apibaySite?.close(),
    archiveSite?.close(),
    rm(dataDir, { recursive: true, force: true }),
  ])
})

describe('peerwatch search (built CLI)', () => {
  it('prints a table of both sources, most seeders first', async () => {
    const run = await runBuiltSearch(['night', 'of', 'the', 'living', 'dead'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const [header, first, ...rest] = run.stdout.trimEnd().split('\n')
    expect(header).toMatch(/^#\s+NAME\s+SIZE\s+SEEDS\s+PEERS\s+ADDED\s+SOURCE$/)
    expect(first).toMatch(
      /^1\s+Big Buck Bunny \(2008\) 1080p BluRay x264\s+929 MB\s+1520\s+37\s+.+ ago\s+Pirate Bay$/,
    )
    expect(
      rest.some((line) => /^\d+\s+Night of the Living Dead \(1968\).*Internet Archive$/.test(line)),
    ).toBe(true)
  })

  it('prints contract results as a JSON array with --json, limited by --limit', async () => {
    const run = await runBuiltSearch(['open movies', '--json', '--limit', '3', '--category', 'movies'])
    expect(run.code).toBe(0)
    const results = JSON.parse(run.stdout) as unknown[]
    expect(results).toHaveLength(3)
    for (const result of results) searchResultSchema.parse(result)
    expect(apibaySite.requests.at(-1)?.searchParams.get('cat')).toBe('201,207,211')
  })

  it('prints [] and exits 0 when nothing matched', async () => {
    apibaySite.route = apibayRoute(fixture('apibay-no-results.json'))
    archiveSite.route = archiveRoute({ response: { numFound: 0, start: 0, docs: [] } })
    const run = await runBuiltSearch(['zzzz', '--json'])
    expect(run).toEqual({ code: 0, stdout: '[]\n', stderr: '' })
  })

  it('prints the results it has and one line about the source that failed', async () => {
    apibaySite.route = () => text('Internal Server Error', 'text/plain', 500)
    const run = await runBuiltSearch(['night of the living dead', '--json'])
    expect(run.code).toBe(0)
    expect((JSON.parse(run.stdout) as unknown[]).length).toBe(2)
    expect(run.stderr).toBe('peerwatch: The Pirate Bay answered 500.\n')
  })

  it('exits 1 with one line and no stack trace when every source fails', async () => {
    apibaySite.route = () => HANG
    archiveSite.route = () => text('<html>Bad Gateway</html>', 'text/html', 502)
    const run = await runBuiltSearch(['film'])
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toBe(
      'peerwatch: No source answered. The Pirate Bay did not answer within 0.3 s. The Internet Archive answered 502.\n',
    )
    expect(run.stderr).not.toMatch(STACK_LINE)
  })

  it('exits 2 for a usage error', async () => {
    const run = await runBuiltSearch(['film', '--category', 'music'])
    expect(run.code).toBe(2)
    expect(run.stderr).toBe('peerwatch: --category takes movies, tv, video, all, not "music".\n')
  })
})

describe('peerwatch stream --pick (built CLI)', () => {
  it('streams the row the search table numbers', async () => {
    const table = await runBuiltSearch(['night of the living dead', '--json'])
    const rows = JSON.parse(table.stdout) as Array<{ infoHash: string; name: string }>
    const second = rows[1]
    if (!second) throw new Error('the stand-in sites gave fewer than two results')
    const downloadDir = await mkdtemp(join(tmpdir(), 'pw-pick-'))
    try {
      const args = ['stream', '--pick', '2', 'night', 'of', 'the', 'living', 'dead', '--json', '--no-dht']
      const run = await runBuilt([...args, '--download-dir', downloadDir], (out) =>
        out.includes('wt-infohash'),
      )
      const started = run.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { event: string; infoHash?: string })
        .find((e) => e.event === 'wt-infohash')
      expect(started?.infoHash).toBe(second.infoHash.toLowerCase())
      expect(run.stderr).toContain(`2: ${second.name}`)
    } finally {
      await rm(downloadDir, { recursive: true, force: true })
    }
  })

  it('says there is no such row, in one line, and exits 1', async () => {
    const run = await runBuilt(['stream', '--pick', '40', 'night of the living dead', '--no-dht'])
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(
      /^peerwatch: The search for "night of the living dead" found \d+ results: there is no row 40\.\n$/,
    )
  })
})
