import { join } from 'node:path'
import type { AppHostExtras } from '../../src-main/host/app-host.js'
import { inProcessEngineFactory } from '../../src-main/host/engine-link.js'
import { JsonFileStore } from '../../src-main/host/json-file-store.js'
import { defaultSettings } from '../../src-main/host/settings.js'
import type { AppHostOptions } from '../../src-main/host/types.js'

export const TEST_VERSION = '0.0.0-test'

/**
 * What startAppHost needs for a test: settings and library kept as files in `dir`, downloads
 * below it, and an in-process engine that finds peers only where the test adds them.
 */
export function testHostOptions(
  dir: string,
  overrides: Partial<AppHostOptions> & AppHostExtras = {},
): AppHostOptions & AppHostExtras {
  return {
    shell: 'web',
    version: TEST_VERSION,
    startEngine: inProcessEngineFactory({ discovery: false }),
    settingsStore: new JsonFileStore(join(dir, 'settings.json')),
    libraryStore: new JsonFileStore(join(dir, 'library.json')),
    defaults: defaultSettings(dir, {}),
    ...overrides,
  }
}
