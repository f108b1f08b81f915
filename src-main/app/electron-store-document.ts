import { existsSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import ElectronStore from 'electron-store'
import type { DocumentStore } from '../host/types.js'

/** The shape of every Peerwatch store file; bump with a migration when `document` changes shape. */
export const STORE_SCHEMA_VERSION = 1

interface StoredDocument {
  schemaVersion: number
  document?: unknown
}

export interface ElectronStoreDocumentOptions {
  /** The file name without `.json`: 'settings', 'library', 'window-state'. */
  name: string
  /** The folder: the app's user data folder. */
  cwd: string
  onWarning?: (message: string) => void
}

/**
 * One JSON document kept by electron-store (atomic writes are its own). What the document holds
 * is validated by whoever reads it (settings and library use the contract's schemas), so the
 * store only versions it. A file that is not JSON is set aside, never silently overwritten.
 */
export class ElectronStoreDocument implements DocumentStore<unknown> {
  private readonly store: ElectronStore<StoredDocument>

  constructor(options: ElectronStoreDocumentOptions) {
    this.store = openStore(options)
  }

  async load(): Promise<unknown> {
    return this.store.get('document')
  }

  async save(value: unknown): Promise<void> {
    this.store.set({ schemaVersion: STORE_SCHEMA_VERSION, document: value })
  }
}

function storeOptions({ name, cwd }: ElectronStoreDocumentOptions) {
  return {
    name,
    cwd,
    defaults: { schemaVersion: STORE_SCHEMA_VERSION },
    schema: { schemaVersion: { type: 'integer', minimum: 1 } },
    // Keyed by app version; none yet. A change to a document's shape adds one here.
    migrations: {},
    accessPropertiesByDotNotation: false,
    clearInvalidConfig: false,
  } satisfies ConstructorParameters<typeof ElectronStore<StoredDocument>>[0]
}

function openStore(options: ElectronStoreDocumentOptions): ElectronStore<StoredDocument> {
  try {
    return new ElectronStore<StoredDocument>(storeOptions(options))
  } catch (err) {
    const path = join(options.cwd, `${options.name}.json`)
    if (!existsSync(path)) throw err
    const aside = `${path}.corrupt-${Date.now()}`
    renameSync(path, aside)
    const why = err instanceof Error ? err.message : String(err)
    options.onWarning?.(`${path} could not be read (${why}); it was kept as ${aside} and defaults are used.`)
    return new ElectronStore<StoredDocument>(storeOptions(options))
  }
}
