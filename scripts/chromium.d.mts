import type { Browser } from 'playwright-core'

export function launchChromium(extraFlags?: string[]): Promise<Browser>
