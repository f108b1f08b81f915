import { z } from 'zod'
import { libraryItemSchema } from '../../src-shared/contract.js'

/** What the library keeps per torrent: the item without its runtime fields, plus the magnet. */
export const libraryRecordSchema = libraryItemSchema
  .omit({ active: true, removeAt: true, folder: true })
  .extend({
    /** Opens it again when its .torrent file is gone. */
    magnet: z.string().max(16_384).optional(),
    /** The download folder its data is in (records saved before folders were kept have none). */
    folder: z.string().max(4096).optional(),
  })
export type LibraryRecord = z.infer<typeof libraryRecordSchema>

export const LIBRARY_VERSION = 1
export interface LibraryDocument {
  version: typeof LIBRARY_VERSION
  items: LibraryRecord[]
}

export interface LoadedLibrary {
  records: LibraryRecord[]
  /** Entries that failed validation and were left out. */
  dropped: number
}

/** Brings a saved document of any known version to the current shape (only version 1 exists). */
export function migrate(saved: unknown): { version: number; items: unknown[] } | null {
  if (typeof saved !== 'object' || saved === null) return null
  const { version, items } = saved as { version?: unknown; items?: unknown }
  if (version !== LIBRARY_VERSION || !Array.isArray(items)) return null
  return { version, items }
}

/** Parses what the store held; an invalid entry is dropped, never the whole library. */
export function parseLibraryDocument(saved: unknown): LoadedLibrary {
  if (saved === undefined) return { records: [], dropped: 0 }
  const document = migrate(saved)
  if (!document) return { records: [], dropped: 1 }
  const records: LibraryRecord[] = []
  const seen = new Set<string>()
  for (const item of document.items) {
    const parsed = libraryRecordSchema.safeParse(item)
    if (!parsed.success || seen.has(parsed.data.infoHash)) continue
    seen.add(parsed.data.infoHash)
    records.push(parsed.data)
  }
  return { records, dropped: document.items.length - records.length }
}

export function toLibraryDocument(records: Iterable<LibraryRecord>): LibraryDocument {
  // A copy: the records keep changing while a store may still be writing them.
  return { version: LIBRARY_VERSION, items: structuredClone([...records]) }
}
