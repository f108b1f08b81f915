// Debian's Chromium (apt-get install chromium) through playwright-core, never a downloaded browser;
// shared by the browser tests and `npm run icons`.
import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'

const CHROMIUM_PATH = process.env.PEERWATCH_CHROMIUM ?? '/usr/bin/chromium'

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export async function launchChromium(extraFlags = []) {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: apt-get install -y chromium`)
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...FLAGS, ...extraFlags], headless: true })
}
