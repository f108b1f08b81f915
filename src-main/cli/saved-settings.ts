import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type Settings, settingsSchema } from '../../src-shared/contract.js'
import { desktopStateDir } from '../services/data-dir.js'

/**
 * One value the person set, when a settings file holds it valid: first `<dataDir>/settings.json`
 * (what `peerwatch serve` keeps there), then the desktop app's (kept by electron-store as
 * `{schemaVersion, document}` in its own folder). The CLI follows what was set in the app, and
 * ignores what it cannot trust.
 */
export async function savedSetting<K extends keyof Settings>(
  dataDir: string,
  key: K,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Settings[K] | undefined> {
  for (const path of [join(dataDir, 'settings.json'), join(desktopStateDir(env), 'settings.json')]) {
    const value = settingsSchema.shape[key].safeParse((await settingsIn(path))?.[key])
    if (value.success) return value.data as Settings[K]
  }
  return undefined
}

async function settingsIn(path: string): Promise<Record<string, unknown> | null> {
  try {
    const saved: unknown = JSON.parse(await readFile(path, 'utf8'))
    if (typeof saved !== 'object' || saved === null) return null
    const { document } = saved as { document?: unknown }
    const settings = typeof document === 'object' && document !== null ? document : saved
    return settings as Record<string, unknown>
  } catch {
    return null
  }
}
