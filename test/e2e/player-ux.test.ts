import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliProcess, killRunningClis, REPO_ROOT, startCli } from '../helpers/cli-process.js'
import { apibayRoute, archiveRoute, type FakeSite, startFakeSite, text } from '../helpers/search-servers.js'
import { type Seeder, startSeeder } from '../helpers/swarm.js'
import { launchChromium } from './chromium.js'

// What a person does with the player and the pages beyond the first play, in real Chromium
// against `peerwatch serve`: the overlay controls, the keys, subtitles, episodes, failures and
// a phone's width.

const KiB = 1024
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures')
const fixture = (name: string) => readFileSync(join(FIXTURES, name))

let film: Seeder
let pack: Seeder
let sites: FakeSite[] = []
let serve: CliProcess
let dataDir: string
let browser: Browser
let page: Page
let origin: string

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pw-e2e-ux-'))
  film = await startSeeder(
    [
      { path: 'film.mp4', data: fixture('faststart.mp4') },
      { path: 'film.en.srt', data: fixture('subtitles.srt') },
    ],
    { name: 'Controls Film', pieceLength: 16 * KiB },
  )
  pack = await startSeeder(
    [
      { path: 'Show.S01E01.Pilot.720p.webm', data: fixture('short.webm') },
      { path: 'Show.S01E02.Second.720p.webm', data: fixture('short.webm') },
    ],
    { name: 'Show Season 1', pieceLength: 16 * KiB },
  )
  sites = [await startFakeSite(apibayRoute()), await startFakeSite(archiveRoute())]
  process.env.PEERWATCH_APIBAY_URL = sites[0]?.url
  process.env.PEERWATCH_ARCHIVE_URL = sites[1]?.url
  process.env.PEERWATCH_SEARCH_TIMEOUT_MS = '2000'
  serve = startCli(['serve', '--json', '--no-dht', '--data-dir', dataDir, '--port', '0'])
  const running = await serve.waitForEvent('serve-running')
  origin = new URL(String(running.url)).origin
  browser = await launchChromium()
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  page = await context.newPage()
  await page.goto(String(running.url))
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await killRunningClis()
  await Promise.all([film?.destroy(), pack?.destroy(), ...sites.map((s) => s.close())])
  await rm(dataDir, { recursive: true, force: true })
})

const video = () => page.locator('video')
const surface = () => page.locator('.video-wrap')

async function openMagnet(magnet: string): Promise<void> {
  await page.goto(`${origin}/#/`)
  const box = page.getByLabel('Search a film or paste a magnet link')
  await box.fill(magnet)
  await box.press('Enter')
  await expect
    .poll(() => video().evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 30_000 })
    .toBeGreaterThan(0.2)
}

describe('the player, in Chromium', () => {
  it('has its own controls only, which step aside when the mouse rests and come back when it moves', async () => {
    await openMagnet(film.magnet)
    expect(await video().evaluate((v: HTMLVideoElement) => v.controls)).toBe(false)
    await video().evaluate((v: HTMLVideoElement) => {
      v.loop = true
    })
    const box = await surface().boundingBox()
    if (!box) throw new Error('no video surface')
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    expect(await surface().evaluate((el) => el.classList.contains('controls-hidden'))).toBe(false)
    await expect
      .poll(() => surface().evaluate((el) => el.classList.contains('controls-hidden')), { timeout: 6000 })
      .toBe(true)
    await page.mouse.move(box.x + box.width / 3, box.y + box.height / 3)
    await expect.poll(() => surface().evaluate((el) => el.classList.contains('controls-hidden'))).toBe(false)
    expect(await page.getByRole('button', { name: 'Pause' }).isVisible()).toBe(true)
  })

  it('goes fullscreen with f (the picture and its controls) and Escape leaves it without stopping the film', async () => {
    await page.keyboard.press('f')
    await expect
      .poll(() => page.evaluate(() => document.fullscreenElement?.className ?? ''))
      .toContain('video-wrap')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBeNull()
    expect(page.url()).toContain(`#/player/${film.infoHash}`)
    expect(await video().evaluate((v: HTMLVideoElement) => v.paused)).toBe(false)
    await page.keyboard.press('Escape')
    expect(page.url()).toContain(`#/player/${film.infoHash}`)
  })

  it('moves the subtitles later with h and earlier with g', async () => {
    const firstCueStart = () =>
      video().evaluate((v: HTMLVideoElement) => {
        const track = [...v.textTracks].find((t) => t.mode === 'showing')
        return track?.cues?.[0]?.startTime ?? null
      })
    await expect.poll(firstCueStart, { timeout: 10_000 }).toBe(0.5)
    for (let i = 0; i < 3; i++) await page.keyboard.press('h')
    await expect.poll(firstCueStart).toBeCloseTo(0.8, 5)
    await page.keyboard.press('g')
    await expect.poll(firstCueStart).toBeCloseTo(0.7, 5)
    expect(await page.getByLabel('Subtitle delay now').textContent()).toBe('+0.2 s')
  })

  it('plays the next episode of a season pack on by itself', async () => {
    await openMagnet(pack.magnet)
    const switcher = page.getByRole('combobox', { name: 'File' })
    expect(await switcher.locator('option').allTextContents()).toEqual(['S01E01 · Pilot', 'S01E02 · Second'])
    const first = page.url()
    expect(first).toMatch(/\/0$/)
    await video().evaluate((v: HTMLVideoElement) => {
      v.currentTime = Math.max(0, v.duration - 0.3)
    })
    await expect
      .poll(() => page.getByText(/^Next: S01E02 · Second in \d s$/).count(), { timeout: 10_000 })
      .toBe(1)
    await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/\/1$/)
    await expect
      .poll(() => video().evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 30_000 })
      .toBeGreaterThan(0.2)
  })
})

describe('the pages, in Chromium', () => {
  it('says a search failed, not that nothing was found, and retries', async () => {
    const [apibay, archive] = sites
    if (!apibay || !archive) throw new Error('no stand-in search sites')
    apibay.route = () => text('Internal Server Error', 'text/plain', 500)
    archive.route = () => text('<html>Bad Gateway</html>', 'text/html', 502)
    await page.goto(`${origin}/#/results?q=night+of+the+living+dead`)
    await expect.poll(() => page.getByText('The search failed.').count(), { timeout: 15_000 }).toBe(1)
    expect(await page.getByText(/Nothing found/).count()).toBe(0)
    apibay.route = apibayRoute()
    archive.route = archiveRoute()
    await page.getByRole('button', { name: 'Retry' }).click()
    const results = page.getByRole('list', { name: /Results for/ })
    await expect.poll(() => results.getByRole('listitem').count(), { timeout: 15_000 }).toBeGreaterThan(0)
  })

  it('keeps the focus inside the delete dialog', async () => {
    await page.goto(`${origin}/#/library`)
    await page.getByRole('button', { name: 'Delete Controls Film' }).click()
    const dialog = page.getByRole('alertdialog')
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab')
      expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true)
    }
    await page.keyboard.press('Escape')
    expect(await dialog.count()).toBe(0)
  })

  it.each([360, 390])('never scrolls sideways on a %i px wide phone', async (width) => {
    await page.setViewportSize({ width, height: 800 })
    try {
      for (const route of [
        '#/',
        '#/results?q=night',
        '#/library',
        '#/settings',
        `#/player/${film.infoHash}/0`,
      ]) {
        await page.goto(`${origin}/${route}`)
        await page.waitForTimeout(300)
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
        expect(overflow, route).toBeLessThanOrEqual(0)
      }
      await page.goto(`${origin}/#/`)
      const settingsLink = page.getByRole('link', { name: 'Settings' })
      const box = await settingsLink.boundingBox()
      expect(box && box.x + box.width).toBeLessThanOrEqual(width)
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 })
    }
  })
})
