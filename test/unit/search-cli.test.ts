import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runSearch, timeAgo } from '../../src-main/cli/search-command.js'
import { searchResultSchema } from '../../src-shared/contract.js'
import {
  apibayRoute,
  apibayRow,
  archiveRoute,
  type FakeSite,
  fixture,
  HANG,
  startFakeSite,
  text,
} from '../helpers/search-servers.js'

const NOW = Date.parse('2024-03-04T00:00:00Z')
let apibaySite: FakeSite
let archiveSite: FakeSite
let dataDir: string

interface Run {
  code: number
  stdout: string
  stderr: string
}

/** `peerwatch search ...` in this process, against the local sites, with its output captured. */
async function search(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; columns?: number } = {},
): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const env = {
    PEERWATCH_APIBAY_URL: apibaySite.url,
    PEERWATCH_ARCHIVE_URL: archiveSite.url,
    PEERWATCH_SEARCH_TIMEOUT_MS: '300',
    PEERWATCH_DATA_DIR: dataDir,
    // The desktop app's settings would be read from here: none of this machine's.
    XDG_CONFIG_HOME: dataDir,
    ...options.env,
  }
  const code = await runSearch(args, {
    stdout: { write: (s: string) => (stdout += s), columns: options.columns },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    now: () => NOW,
  })
  return { code, stdout, stderr }
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '')
}

beforeAll(async () => {
  apibaySite = await startFakeSite(apibayRoute())
  archiveSite = await startFakeSite(archiveRoute())
  dataDir = await mkdtemp(join(tmpdir(), 'pw-search-'))
})

beforeEach(() => {
  apibaySite.route = apibayRoute()
  archiveSite.route = archiveRoute()
  apibaySite.requests.length = 0
})

afterAll(async () => {
  await Promise.all([apibaySite.close(), archiveSite.close(), rm(dataDir, { recursive: true, force: true })])
})

describe('peerwatch search (human output)', () => {
  it('prints a table sorted by seeders with size, seeds, peers, age and source', async () => {
    const run = await search(['night', 'of', 'the', 'living', 'dead'])
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
    const [header, ...rows] = lines(run.stdout)
    expect(header).toMatch(/^#\s+NAME\s+SIZE\s+SEEDS\s+PEERS\s+ADDED\s+SOURCE$/)
    expect(rows).toHaveLength(6)
    // Numbered for `peerwatch stream --pick N`.
    expect(rows[0]).toMatch(
      /^1\s+Big Buck Bunny \(2008\) 1080p BluRay x264\s+929 MB\s+1520\s+37\s+3 days ago\s+Pirate Bay$/,
    )
    expect(rows[1]).toMatch(/^2\s+Sintel \(2010\) 720p WEB\s+129 MB\s+211\s+4\s+2 years ago\s+Pirate Bay$/)
    expect(rows[4]).toMatch(
      /^5\s+Night of the Living Dead \(1968\)\s+5\.0 GB\s+1\s+0\s+16 years ago\s+Internet Archive$/,
    )
    expect(apibaySite.requests[0]?.searchParams.get('q')).toBe('night of the living dead')
  })

  it('truncates long names to fit the terminal', async () => {
    const name = `A Very Long Film Title ${'Extended Cut '.repeat(10)}(1999)`
    apibaySite.route = apibayRoute([apibayRow({ name })])
    const run = await search(['long'], { columns: 100 })
    const row = lines(run.stdout)[1]
    expect(row).toContain('A Very Long Film Title Extended Cut')
    expect(row).toContain('…')
    expect(row).toMatch(/Pirate Bay$/)
    for (const line of lines(run.stdout)) expect([...line].length).toBeLessThanOrEqual(100)
  })

  it('keeps control characters in names away from the terminal', async () => {
    apibaySite.route = apibayRoute([apibayRow({ name: 'Film\u001b]0;pwned\u0007\u001b[2J\u202eevil' })])
    const run = await search(['film'])
    expect(run.stdout).toContain('Film ]0;pwned  [2J evil')
    for (const unsafe of ['\u001b', '\u0007', '\u202e']) expect(run.stdout).not.toContain(unsafe)
  })

  it('still prints results when one source fails, with one line about it on stderr', async () => {
    archiveSite.route = () => HANG
    const run = await search(['open', 'movies'])
    expect(run.code).toBe(0)
    expect(lines(run.stdout)).toHaveLength(5)
    expect(run.stderr).toBe('peerwatch: The Internet Archive did not answer within 0.3 s.\n')
  })

  it('says nothing was found, and exits 0', async () => {
    apibaySite.route = apibayRoute(fixture('apibay-no-results.json'))
    archiveSite.route = archiveRoute({ response: { numFound: 0, start: 0, docs: [] } })
    const run = await search(['zzzz'])
    expect(run).toEqual({ code: 0, stdout: 'Nothing found for "zzzz".\n', stderr: '' })
  })

  it('exits 1 with one line and no stack trace when no source answers', async () => {
    apibaySite.route = () => text('Internal Server Error', 'text/plain', 500)
    archiveSite.route = () => HANG
    const run = await search(['film'])
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toBe(
      'peerwatch: No source answered. The Pirate Bay answered 500. The Internet Archive did not answer within 0.3 s.\n',
    )
  })
})

describe('peerwatch search --json', () => {
  it('prints a JSON array of contract results', async () => {
    const run = await search(['open movies', '--json'])
    expect(run.code).toBe(0)
    const results = JSON.parse(run.stdout) as unknown[]
    expect(results).toHaveLength(6)
    for (const result of results) expect(searchResultSchema.parse(result)).toEqual(result)
    expect(results[0]).toMatchObject({
      name: 'Big Buck Bunny (2008) 1080p BluRay x264',
      seeders: 1520,
      size: 928_670_754,
    })
  })

  it('prints [] when nothing matched', async () => {
    apibaySite.route = apibayRoute(fixture('apibay-no-results.json'))
    archiveSite.route = archiveRoute({ response: { numFound: 0, start: 0, docs: [] } })
    const run = await search(['zzzz', '--json'])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual([])
  })

  it('keeps hostile names exactly as the source sent them', async () => {
    const name = `<img src=x onerror=alert(1)> "Tom & Jerry" 映画`
    apibaySite.route = apibayRoute([apibayRow({ name })])
    const run = await search(['tom', '--json'])
    expect((JSON.parse(run.stdout) as Array<{ name: string }>)[0]?.name).toBe(name)
  })

  it('returns at most --limit rows', async () => {
    const run = await search(['open', '--json', '--limit', '2'])
    expect(JSON.parse(run.stdout)).toHaveLength(2)
  })

  it('asks for the chosen --category', async () => {
    await search(['film', '--json', '--category', 'movies'])
    await search(['film', '--json', '--category', 'all'])
    expect(apibaySite.requests.map((r) => r.searchParams.get('cat'))).toEqual(['201,207,211', null])
  })
})

describe('peerwatch search settings and usage', () => {
  it('uses the apibay address saved in <data-dir>/settings.json, and ignores an unreadable one', async () => {
    const saved = await startFakeSite(apibayRoute([apibayRow({ name: 'From the saved mirror' })]))
    const dir = await mkdtemp(join(tmpdir(), 'pw-search-settings-'))
    try {
      await writeFile(join(dir, 'settings.json'), JSON.stringify({ apibayUrl: saved.url, store: 'disk' }))
      const env = { PEERWATCH_APIBAY_URL: '' }
      const run = await search(['film', '--json', '--data-dir', dir], { env })
      expect((JSON.parse(run.stdout) as Array<{ name: string }>).map((r) => r.name)).toContain(
        'From the saved mirror',
      )

      await writeFile(join(dir, 'settings.json'), '{ not json')
      const fallback = await search(['film', '--json', '--data-dir', dir])
      expect(fallback.code).toBe(0)
      expect(apibaySite.requests).toHaveLength(1)
    } finally {
      await saved.close()
      await rm(dir, { recursive: true, force: true })
    }
  })

  it("follows the desktop app's settings (electron-store's shape, in its own folder)", async () => {
    const saved = await startFakeSite(apibayRoute([apibayRow({ name: 'From the app’s mirror' })]))
    const config = await mkdtemp(join(tmpdir(), 'pw-desktop-config-'))
    try {
      await mkdir(join(config, 'Peerwatch'))
      await writeFile(
        join(config, 'Peerwatch', 'settings.json'),
        JSON.stringify({ schemaVersion: 1, document: { apibayUrl: saved.url, store: 'disk' } }),
      )
      const run = await search(['film', '--json'], {
        env: { PEERWATCH_APIBAY_URL: '', XDG_CONFIG_HOME: config },
      })
      expect((JSON.parse(run.stdout) as Array<{ name: string }>).map((r) => r.name)).toContain(
        'From the app’s mirror',
      )
    } finally {
      await saved.close()
      await rm(config, { recursive: true, force: true })
    }
  })

  it.each([
    [[], /search takes what to look for/],
    [['   '], /search takes what to look for/],
    [['film', '--category', 'music'], /--category takes movies, tv, video, all, not "music"/],
    [['film', '--limit', '0'], /--limit takes a whole number from 1 to 500, not "0"/],
    [['film', '--limit', 'ten'], /--limit takes a whole number/],
    [['film', '--limit', '501'], /--limit takes a whole number/],
    [['film', '--colour'], /^peerwatch: search has no option "--colour"\. Run "peerwatch search --help"\.$/m],
    [['x'.repeat(201)], /too long/],
  ])('exits 2 with one line for %j', async (args, message) => {
    const run = await search(args)
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(lines(run.stderr)).toHaveLength(1)
    expect(run.stderr).toMatch(message)
    expect(apibaySite.requests).toHaveLength(0)
  })
})

describe('timeAgo', () => {
  it.each([
    ['2024-03-03T23:59:30Z', 'just now'],
    ['2024-03-03T23:00:00Z', '1 hour ago'],
    ['2024-03-01T00:00:00Z', '3 days ago'],
    ['2023-12-01T00:00:00Z', '3 months ago'],
    ['2022-01-01T00:00:00Z', '2 years ago'],
    [null, '-'],
  ])('%s is %s', (iso, expected) => {
    expect(timeAgo(iso, NOW)).toBe(expected)
  })
})
