import type { EngineEvent, LibraryItem } from '../../src-shared/contract.js'
import { CoalescedNotifier } from './coalesced-notifier.js'
import { type DownloadDirListing, listDownloadDir, recordFromDisk } from './download-dir.js'
import { type LibraryRecord, parseLibraryDocument, toLibraryDocument } from './library-document.js'
import type { DocumentStore } from './types.js'

export interface LibraryOptions {
  store: DocumentStore<unknown>
  /** Read at each listing, so a settings change moves every removeAt at once. */
  retentionHours: () => number
  now?: () => number
  onWarning?: (message: string) => void
  /** Shortest gap between two change notifications. */
  changeIntervalMs?: number
  /** Longest a progress or position change waits before it is saved. */
  lazySaveMs?: number
}

const MAX_POSITIONS = 20
const HOUR_MS = 3_600_000

type ChangeListener = (items: LibraryItem[]) => void

/** What is on disk or open: one record per torrent, fed by engine events, saved through a store. */
export class Library {
  private readonly records = new Map<string, LibraryRecord>()
  private readonly open = new Set<string>()
  private readonly listeners = new Set<ChangeListener>()
  private readonly notifier: CoalescedNotifier
  private readonly now: () => number
  /** Where downloads go now (the last folder reconciled with). */
  private folder: string | null = null
  private lazySave: NodeJS.Timeout | null = null
  private saving: Promise<void> = Promise.resolve()

  private constructor(private readonly options: LibraryOptions) {
    this.now = options.now ?? Date.now
    this.notifier = new CoalescedNotifier(options.changeIntervalMs ?? 250, () => this.publish())
  }

  /** Nothing is open when the library loads: the engine starts empty. */
  static async load(options: LibraryOptions): Promise<Library> {
    const library = new Library(options)
    const { records, dropped } = parseLibraryDocument(await options.store.load())
    for (const record of records) library.records.set(record.infoHash, record)
    if (dropped > 0) options.onWarning?.(`${dropped} unreadable library entries were left out.`)
    return library
  }

  /** Most recently active first. */
  items(): LibraryItem[] {
    return [...this.records.values()]
      .map((record) => this.toItem(record))
      .sort((a, b) => b.lastActiveAt - a.lastActiveAt)
  }

  get(infoHash: string): LibraryItem | undefined {
    const record = this.records.get(infoHash)
    return record && this.toItem(record)
  }

  magnetOf(infoHash: string): string | undefined {
    return this.records.get(infoHash)?.magnet
  }

  handleEvent({ event, payload }: EngineEvent): void {
    if (event === 'wt-infohash') {
      const now = this.now()
      const known = this.records.get(payload.infoHash)
      this.records.set(payload.infoHash, {
        ...(known ?? emptyRecord(payload.infoHash, now)),
        name: payload.name ?? known?.name ?? payload.infoHash,
        lastActiveAt: now,
        // The engine opens it in the current folder.
        ...(this.folder ? { folder: this.folder } : {}),
      })
      this.open.add(payload.infoHash)
      this.changed('now')
    } else if (event === 'wt-metadata') {
      const record = this.records.get(payload.infoHash) ?? emptyRecord(payload.infoHash, this.now())
      const { name, length, files, magnet } = payload
      this.records.set(payload.infoHash, { ...record, name, length, files, magnet })
      this.changed('now')
    } else if (event === 'wt-progress' || event === 'wt-done') {
      const record = this.records.get(payload.infoHash)
      if (!record) return
      const downloaded = event === 'wt-done' ? record.length : Math.round(payload.downloaded)
      if (downloaded === record.downloaded) return
      record.downloaded = downloaded
      this.changed('lazy')
    } else if (event === 'wt-idle-closed' || (event === 'wt-error' && payload.infoHash)) {
      if (payload.infoHash) this.markInactive(payload.infoHash)
    }
  }

  /** Keeps one position per file, most recent first. False when the torrent is unknown. */
  recordPosition(infoHash: string, fileIndex: number, position: number, duration: number): boolean {
    const record = this.records.get(infoHash)
    if (!record) return false
    const at = this.now()
    const others = record.positions.filter((p) => p.fileIndex !== fileIndex)
    record.positions = [{ fileIndex, position, duration, at }, ...others].slice(0, MAX_POSITIONS)
    record.lastActiveAt = at
    this.changed('lazy')
    return true
  }

  /** Closed in the engine (idle, failed, removed): the retention clock starts now. */
  markInactive(infoHash: string): void {
    const record = this.records.get(infoHash)
    if (!record || !this.open.delete(infoHash)) return
    record.lastActiveAt = this.now()
    this.changed('now')
  }

  /** Everything open is closed at once (the engine stopped). */
  markAllInactive(): void {
    for (const infoHash of [...this.open]) this.markInactive(infoHash)
  }

  forget(infoHash: string): boolean {
    this.open.delete(infoHash)
    if (!this.records.delete(infoHash)) return false
    this.changed('now')
    return true
  }

  /** Closed items whose retention time has passed. */
  expired(now: number): LibraryItem[] {
    return this.items().filter((item) => pastRemoval(item, now))
  }

  /** Whether this download is still closed and past its retention time, as of now. */
  isExpired(infoHash: string, now: number): boolean {
    const item = this.get(infoHash)
    return item !== undefined && pastRemoval(item, now)
  }

  /**
   * Matches the library to the download folder downloads go to now: downloads Peerwatch made
   * there that it did not know are added. A record stays while its data is in its own folder,
   * whichever that is, so changing the download folder (and back) forgets nothing: what was
   * watched, and where it stopped, belongs to the library, not to a folder. A record goes only
   * once its data and .torrent are gone from its folder (a folder that is missing altogether, an
   * unplugged drive, says nothing).
   */
  async reconcile(downloadDir: string): Promise<void> {
    const listing = await listDownloadDir(downloadDir)
    this.folder = downloadDir
    if (!listing.exists) return
    let changed = false
    for (const infoHash of listing.owned) {
      if (this.records.has(infoHash)) continue
      const record = await recordFromDisk(downloadDir, infoHash, listing)
      if (this.records.has(infoHash)) continue
      this.records.set(infoHash, { ...record, folder: downloadDir })
      changed = true
    }
    const elsewhere = new Map<string, DownloadDirListing>()
    for (const record of [...this.records.values()]) {
      const { infoHash } = record
      if (holds(listing, infoHash)) {
        if (record.folder !== downloadDir) {
          record.folder = downloadDir
          changed = true
        }
        continue
      }
      if (this.open.has(infoHash)) continue
      const own = record.folder && record.folder !== downloadDir ? record.folder : null
      if (own) {
        const ownListing = elsewhere.get(own) ?? (await listDownloadDir(own))
        elsewhere.set(own, ownListing)
        if (!ownListing.exists || holds(ownListing, infoHash)) continue
      }
      this.records.delete(infoHash)
      changed = true
    }
    if (changed) this.changed('now')
  }

  /** Its data now lies in the folder downloads go to (moved there). */
  movedHere(infoHash: string): void {
    const record = this.records.get(infoHash)
    if (!record || !this.folder) return
    record.folder = this.folder
    this.changed('now')
  }

  /** The folder a download's data is in, when that is not where downloads go now. */
  folderOf(infoHash: string): string | null {
    const folder = this.records.get(infoHash)?.folder
    return folder && folder !== this.folder ? folder : null
  }

  /** Tells listeners again without a change (a setting moved every removeAt). */
  touch(): void {
    this.notifier.notify()
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Saves now if a save is waiting, and waits for every save to be written. */
  async flush(): Promise<void> {
    if (this.lazySave) {
      clearTimeout(this.lazySave)
      this.lazySave = null
      void this.save()
    }
    await this.saving
  }

  async close(): Promise<void> {
    this.notifier.close()
    await this.flush()
  }

  private changed(when: 'now' | 'lazy'): void {
    this.notifier.notify()
    if (when === 'lazy') {
      this.lazySave ??= setTimeout(() => void this.flush(), this.options.lazySaveMs ?? 5000).unref()
      return
    }
    if (this.lazySave) clearTimeout(this.lazySave)
    this.lazySave = null
    void this.save()
  }

  /** Saves the library as it is now, after any save still being written. */
  private save(): Promise<void> {
    const document = toLibraryDocument(this.records.values())
    this.saving = this.saving
      .then(() => this.options.store.save(document))
      .catch((err: unknown) => {
        this.options.onWarning?.(`The library could not be saved: ${(err as Error).message}`)
      })
    return this.saving
  }

  private publish(): void {
    const items = this.items()
    for (const listener of this.listeners) listener(items)
  }

  private toItem(record: LibraryRecord): LibraryItem {
    const { magnet: _magnet, folder, ...item } = record
    const active = this.open.has(record.infoHash)
    const removeAt = active ? null : record.lastActiveAt + this.options.retentionHours() * HOUR_MS
    const elsewhere = folder && folder !== this.folder ? { folder } : {}
    return { ...item, positions: item.positions.map((p) => ({ ...p })), active, removeAt, ...elsewhere }
  }
}

function emptyRecord(infoHash: string, now: number): LibraryRecord {
  return {
    infoHash,
    name: infoHash,
    length: 0,
    downloaded: 0,
    files: [],
    addedAt: now,
    lastActiveAt: now,
    positions: [],
  }
}

function holds(listing: DownloadDirListing, infoHash: string): boolean {
  return listing.folders.has(infoHash) || listing.torrentFiles.has(infoHash)
}

function pastRemoval(item: LibraryItem, now: number): boolean {
  return item.removeAt !== null && item.removeAt < now
}
