import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type Settings, settingsSchema } from '../../src-preload/contract.js'

/**
 * One value from the app's `<dataDir>/settings.json`, when the file is readable and the value
 * valid: the CLI follows what the person set in the app, and ignores what it cannot trust.
 */
export async function savedSetting<K extends keyof Settings>(
  dataDir: string,
  key: K,
): Promise<Settings[K] | undefined> {
  try {
    const saved: unknown = JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8'))
    if (typeof saved !== 'object' || saved === null) return undefined
    const value = settingsSchema.shape[key].safeParse((saved as Record<string, unknown>)[key])
    return value.success ? (value.data as Settings[K]) : undefined
  } catch {
    return undefined
  }
}
