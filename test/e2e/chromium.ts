import type { Browser } from 'playwright-core'
import { launchChromium as launchDebianChromium } from '../../scripts/chromium.mjs'

export function launchChromium(): Promise<Browser> {
  // A test plays video without a click first.
  return launchDebianChromium(['--autoplay-policy=no-user-gesture-required'])
}
