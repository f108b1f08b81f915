import type {
  Api,
  EngineEvent,
  EngineRequestChannel,
  RequestPayload,
  ResponseValues,
  Result,
  Settings,
} from '../../src-shared/contract.js'
import type { EngineOptions } from '../engine/engine-options.js'

/** What the app host needs from a torrent engine, whether it runs in-process or in a worker. */
export interface EngineLink {
  request<C extends EngineRequestChannel>(
    channel: C,
    payload: RequestPayload<C>,
  ): Promise<Result<ResponseValues[C]>>
  onEvent(listener: (event: EngineEvent) => void): () => void
  /**
   * Called once if the engine goes away without being asked to (its process crashed or was
   * killed). Links that cannot die on their own (in-process) may leave it out.
   */
  onExit?(listener: (reason: string) => void): () => void
  close(): Promise<void>
}

/**
 * Starts an engine for the given options. The host calls it at start and again when a setting
 * that the engine reads at start changes (download folder, store, budget, idle time) or when
 * the engine died; it then opens the torrents that were active again.
 */
export type EngineFactory = (options: EngineOptions) => Promise<EngineLink>

/** Somewhere one JSON document is kept: a file for `serve` and the CLI, electron-store on desktop. */
export interface DocumentStore<T> {
  /** undefined when nothing was saved yet. Invalid content is reported, never thrown. */
  load(): Promise<T | undefined>
  /** Atomic: a crash mid-write leaves the previous version. */
  save(value: T): Promise<void>
}

export interface AppHostOptions {
  shell: 'desktop' | 'web'
  version: string
  startEngine: EngineFactory
  settingsStore: DocumentStore<unknown>
  libraryStore: DocumentStore<unknown>
  /** Defaults applied under whatever was saved (the download folder comes from the data dir). */
  defaults: Settings
  /** The page says whether a video plays (the desktop holds a power-save blocker meanwhile). */
  onPlayback?: (playing: boolean) => void
  /** Launches the external player; absent where it cannot reach the person (the web shell). */
  openExternal?: (url: string, title: string, playerPath: string) => Promise<void>
  /**
   * Asks the person for a folder (downloadDir) or a program (externalPlayerPath) in a dialog of
   * the computer's own; null when they cancel. Absent where no dialog can reach them (`serve`):
   * a page never names a path or a program itself.
   */
  choosePath?: (setting: 'downloadDir' | 'externalPlayerPath', current: string) => Promise<string | null>
  /** Whether an address is on the internet (tests stand in for it with a loopback one). */
  isPublicAddress?: (address: string) => boolean
  /** Clock for the retention sweep and timestamps (tests move it). */
  now?: () => number
  /** Waits before each restart of an engine that died (tests shorten them); the supervisor's own by default. */
  engineRestartDelaysMs?: readonly number[]
}

/** The full typed Api the renderer talks to, plus shutdown. */
export interface AppHostHandle {
  api: Api
  /**
   * A torrent the OS handed the app (a magnet link, a .torrent file's bytes), shown to the page
   * to accept or decline; rejects with a coded error when it is no torrent.
   */
  offerOpen(torrent: { torrentId: string } | { torrentFile: Uint8Array }): Promise<string>
  close(): Promise<void>
}
