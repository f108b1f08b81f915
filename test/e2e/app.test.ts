import { existsSync, readFileSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliProcess, killRunningClis, REPO_ROOT, startCli } from '../helpers/cli-process.js'
import { apibayRoute, archiveRoute, type FakeSite, startFakeSite } from '../helpers/search-servers.js'
import { type Seeder, startSeeder } from '../helpers/swarm.js'
import { WireClient } from '../helpers/web-client.js'
import { launchChromium } from './chromium.js'

// The whole app in real Chromium against `peerwatch serve` and real loopback seeders of the
// committed fixture videos. The steps build on each other, as a person's evening would.

const KiB = 1024
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures')
const ARTIFACTS = join(REPO_ROOT, 'test-results', 'e2e')
const DOCS_SCREENSHOTS = join(REPO_ROOT, 'docs', 'screenshots')

let film: Seeder
let clip: Seeder
let search: FakeSite[] = []
let serve: CliProcess
let dataDir: string
let browser: Browser
let context: BrowserContext
let page: Page
let origin: string
const engineErrors: string[] = []

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pw-e2e-'))
  await mkdir(ARTIFACTS, { recursive: true })
  film = await startSeeder(
    [
      { path: 'test-film.mp4', data: readFileSync(join(FIXTURES, 'faststart.mp4')) },
      { path: 'test-film.srt', data: readFileSync(join(FIXTURES, 'subtitles.srt')) },
    ],
    // Slow enough that the film is still arriving while it plays (the ranges bar must move).
    { name: 'Test Film', pieceLength: 16 * KiB, uploadLimit: 40 * KiB },
  )
  clip = await startSeeder(
    [{ path: 'dropped-clip.webm', data: readFileSync(join(FIXTURES, 'short.webm')) }],
    {
      name: 'Dropped Clip',
      pieceLength: 16 * KiB,
    },
  )
  search = [await startFakeSite(apibayRoute()), await startFakeSite(archiveRoute())]
  process.env.PEERWATCH_APIBAY_URL = search[0]?.url
  process.env.PEERWATCH_ARCHIVE_URL = search[1]?.url
  serve = startCli(['serve', '--json', '--no-dht', '--data-dir', dataDir, '--port', '0'])
  const running = await serve.waitForEvent('serve-running')
  const tokenUrl = String(running.url)
  origin = new URL(tokenUrl).origin
  browser = await launchChromium()
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  page = await context.newPage()
  page.on('pageerror', (err) => engineErrors.push(err.message))
  await page.goto(tokenUrl)
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await killRunningClis()
  await Promise.all([film?.destroy(), clip?.destroy(), ...search.map((s) => s.close())])
  await rm(dataDir, { recursive: true, force: true })
})

async function screenshot(name: string): Promise<void> {
  const path = join(ARTIFACTS, `${name}.png`)
  await page.screenshot({ path })
  if (process.env.PEERWATCH_UPDATE_SCREENSHOTS) {
    await mkdir(DOCS_SCREENSHOTS, { recursive: true })
    await copyFile(path, join(DOCS_SCREENSHOTS, `${name}.png`))
  }
}

const searchBox = () => page.getByLabel('Search a film or paste a magnet link')

async function submitInHomeBox(text: string): Promise<void> {
  await page.goto(`${origin}/#/`)
  await searchBox().fill(text)
  await searchBox().press('Enter')
}

function videoState() {
  return page.locator('video').evaluate((v: HTMLVideoElement) => ({
    currentTime: v.currentTime,
    duration: v.duration,
    paused: v.paused,
    ended: v.ended,
    width: v.videoWidth,
    error: v.error?.code ?? null,
  }))
}

/** The downloaded part of the seek bar, as the fraction of the file it covers. */
function downloadedFraction(): Promise<number> {
  return page
    .locator('.seek-downloaded')
    .evaluateAll((spans) =>
      spans.reduce((sum, s) => sum + Number.parseFloat((s as HTMLElement).style.width), 0),
    )
    .then((percent) => percent / 100)
}

describe('Peerwatch in Chromium, served by peerwatch serve', () => {
  it('signs in from the printed link and shows the home page', async () => {
    expect(new URL(page.url()).search).toBe('')
    await expect.poll(() => searchBox().isVisible()).toBe(true)
    await screenshot('home')
  })

  it('says plainly when a magnet link is malformed, and stays usable', async () => {
    await submitInHomeBox('magnet:?xt=urn:btih:123')
    const alert = page.getByRole('alert').filter({ hasText: /magnet/i })
    await expect.poll(() => alert.count()).toBeGreaterThan(0)
    expect(await alert.first().innerText()).not.toMatch(/at .*\.js:\d+/)
    expect(await searchBox().isEnabled()).toBe(true)
    await alert.first().getByRole('button', { name: 'Dismiss' }).click()
    await expect.poll(() => alert.count()).toBe(0)
  })

  it('searches by name and lists the results with seeders and sizes', async () => {
    await submitInHomeBox('night of the living dead')
    const results = page.getByRole('list', { name: /Results for/ })
    await expect.poll(() => results.getByRole('listitem').count(), { timeout: 15_000 }).toBeGreaterThan(0)
    expect(await results.innerText()).toMatch(/seeders/i)
    await screenshot('results')
  })

  it('plays a pasted magnet: the picture moves and the downloaded ranges grow', async () => {
    await submitInHomeBox(film.magnet)
    await expect.poll(() => page.url()).toContain(`#/player/${film.infoHash}`)
    await expect.poll(async () => (await videoState()).currentTime, { timeout: 30_000 }).toBeGreaterThan(0.3)
    const state = await videoState()
    expect(state.width).toBe(320)
    expect(state.error).toBeNull()
    const early = await downloadedFraction()
    expect(early).toBeGreaterThan(0)
    await expect.poll(downloadedFraction, { timeout: 20_000 }).toBeGreaterThan(early)
    await screenshot('player')
  })

  it('shows the torrent subtitles as a cue', async () => {
    const cue = () =>
      page.locator('video').evaluate((v: HTMLVideoElement) => {
        const track = v.textTracks[0]
        if (track?.mode !== 'showing') return null
        const active = track.activeCues?.[0] as VTTCue | undefined
        return active?.text ?? ''
      })
    await page.locator('video').evaluate((v: HTMLVideoElement) => {
      v.currentTime = 0.8
    })
    await expect.poll(cue, { timeout: 15_000 }).toBe('Bonjour, ça va? Très bien, merci.')
  })

  it('plays on after a seek to near the end', async () => {
    await page.locator('video').evaluate((v: HTMLVideoElement) => {
      v.currentTime = 4.6
      void v.play()
    })
    await expect
      .poll(
        async () => {
          const s = await videoState()
          return s.ended || s.currentTime > 5.0
        },
        { timeout: 20_000 },
      )
      .toBe(true)
    expect((await videoState()).error).toBeNull()
  })

  it('lists the torrent in the library after a reload', async () => {
    await page.goto(`${origin}/#/library`)
    await page.reload()
    const play = page.getByRole('button', { name: 'Play Test Film' })
    await expect.poll(() => play.count(), { timeout: 15_000 }).toBe(1)
    expect(await page.locator('main').innerText()).toMatch(/Test Film/)
    await screenshot('library')
  })

  it('shows the settings with their current values', async () => {
    await page.goto(`${origin}/#/settings`)
    // Shown, not editable: in a browser the folder is set on the computer that runs serve.
    const folder = page.getByRole('group', { name: 'Download folder' })
    await expect
      .poll(() => folder.getByRole('status').textContent(), { timeout: 10_000 })
      .toBe(join(dataDir, 'downloads'))
    expect(await folder.textContent()).toContain('Set on the computer that runs Peerwatch.')
    await screenshot('settings')
  })

  it('deletes a download with its data after asking', async () => {
    await page.goto(`${origin}/#/library`)
    await page.getByRole('button', { name: 'Delete Test Film' }).click()
    const dialog = page.getByRole('alertdialog')
    await dialog.getByRole('button', { name: /delete/i }).click()
    await expect.poll(() => page.getByRole('button', { name: 'Play Test Film' }).count()).toBe(0)
    await expect.poll(() => existsSync(join(dataDir, 'downloads', film.infoHash))).toBe(false)
    expect(existsSync(join(dataDir, 'downloads', `${film.infoHash}.torrent`))).toBe(false)
  })

  it('starts a .torrent file dropped on the window', async () => {
    await page.goto(`${origin}/#/`)
    const bytes = Array.from(clip.torrentFile)
    await page.evaluate((data) => {
      const transfer = new DataTransfer()
      const file = new File([new Uint8Array(data)], 'Dropped Clip.torrent', {
        type: 'application/x-bittorrent',
      })
      transfer.items.add(file)
      for (const type of ['dragenter', 'dragover', 'drop'])
        window.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }))
    }, bytes)
    await expect.poll(() => page.url()).toContain(`#/player/${clip.infoHash}`)
    // A .torrent names no peers: introduce the seeder the way a tracker would.
    clip.client.torrents[0]?.addPeer(`127.0.0.1:${await enginePeerPort()}`)
    await expect.poll(async () => (await videoState()).currentTime, { timeout: 30_000 }).toBeGreaterThan(0.3)
    expect(engineErrors).toEqual([])
  })
})

/** The engine's BitTorrent port, from the `wt-ready` the host replays to a new connection. */
async function enginePeerPort(): Promise<number> {
  const cookies = await context.cookies(origin)
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ')
  const client = await WireClient.open(`${origin.replace('http', 'ws')}/ws`, { cookie, origin })
  try {
    const ready = await client.event('wt-ready')
    return (ready.payload as { peerPort: number }).peerPort
  } finally {
    client.close()
  }
}
