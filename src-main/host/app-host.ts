import type {
  EngineEvent,
  EventPayload,
  FilmInfo,
  RequestPayload,
  Settings,
} from '../../src-shared/contract.js'
import { PeerwatchError, toApiError } from '../../src-shared/errors.js'
import { isPublicHost } from '../engine/link-fetch.js'
import { mediaTools } from '../media/index.js'
import { downloadFolderProblem } from './download-dir.js'
import { EngineSupervisor } from './engine-supervisor.js'
import { FilmInfoService } from './film-info.js'
import { createHostApi, type SearchHandler } from './host-api.js'
import { HostEvents } from './host-events.js'
import { providerSearch } from './host-search.js'
import { Library } from './library.js'
import { playFromLibrary } from './library-actions.js'
import { OpenOffers } from './open-offers.js'
import {
  diskRemover,
  RETENTION_SWEEP_INTERVAL_MS,
  type RemovedDownload,
  sweepRetention,
} from './retention.js'
import { engineOptionsFromSettings, engineSettingsDiffer, SettingsService } from './settings.js'
import type { AppHostHandle, AppHostOptions, EngineLink } from './types.js'

export interface AppHostExtras {
  /** Answers the `search` channel. Default: every provider, apibay at settings.apibayUrl. */
  search?: SearchHandler
  /** Answers `film-info`. Default: Wikidata (PEERWATCH_WIKIDATA_URL names a stand-in). */
  filmInfo?: (imdb: string) => Promise<FilmInfo | null>
}

interface OpenTorrent {
  infoHash: string
  fileIndex: number | undefined
}

/**
 * The layer between the renderer's Api and the torrent engine: settings, the library, the
 * retention sweep, and an engine that restarts when a setting it reads at start changes.
 */
export async function startAppHost(options: AppHostOptions & AppHostExtras): Promise<AppHostHandle> {
  const now = options.now ?? Date.now
  const events = new HostEvents()
  const warn = (message: string): void => events.emit('wt-warning', { code: 'HOST_WARNING', message })
  const settings = await SettingsService.load(options.settingsStore, options.defaults)
  const library = await Library.load({
    store: options.libraryStore,
    retentionHours: () => settings.get().retentionHours,
    now,
    onWarning: warn,
  })
  await library.reconcile(settings.get().downloadDir)
  // Before the engine starts nothing is open, so expired downloads can go straight from disk.
  await sweepRetention(library, diskRemover(settings.get().downloadDir), now())

  // The file each torrent streams, to open the same one in an engine that replaces a dead one.
  const watching = new Map<string, number>()
  const engine = new EngineSupervisor(
    options.startEngine,
    (event: EngineEvent) => {
      library.handleEvent(event) // first, so a listener that asks for the library sees the change
      if (event.event === 'wt-server-running') watching.set(event.payload.infoHash, event.payload.fileIndex)
      events.emit(event.event, event.payload as never)
    },
    {
      reopen: () => reopenAll(openInLibrary(library, watching)),
      // The retention clock of what was open starts now.
      gaveUp: () => library.markAllInactive(),
    },
    options.engineRestartDelaysMs,
  )
  library.onChange((items) => events.emit('library-changed', { items }))
  settings.onChange((value) => events.emit('settings-changed', value))
  // Not awaited: the pages come up while the engine starts, and their requests wait for it.
  // A failed start is answered to each wt-* request; a new download folder can fix it.
  engine.start(engineOptionsFromSettings(settings.get())).catch(() => {})

  const actions = {
    engine,
    library,
    settings,
    openExternal: options.openExternal,
    moveProgress: (progress: EventPayload<'library-move-progress'>) =>
      events.emit('library-move-progress', progress),
  }
  const play = (torrent: OpenTorrent) => playFromLibrary(actions, torrent.infoHash, torrent.fileIndex)
  async function reopenAll(torrents: OpenTorrent[]): Promise<void> {
    for (const torrent of torrents) await play(torrent).catch(() => library.markInactive(torrent.infoHash))
  }

  async function restartEngine(next: Settings, reopen: OpenTorrent[]): Promise<void> {
    await engine.restart(engineOptionsFromSettings(next), async (previous) => {
      reopen.push(...(await openTorrents(previous, library, watching)))
    })
    const reopening = new Set(reopen.map((t) => t.infoHash))
    for (const item of library.items()) {
      if (item.active && !reopening.has(item.infoHash)) library.markInactive(item.infoHash)
    }
    await reopenAll(reopen)
  }

  async function changeSettings(partial: Partial<Settings>): Promise<Settings> {
    const before = settings.get()
    const after = await settings.update(partial)
    if (engineSettingsDiffer(before, after)) {
      const reopen: OpenTorrent[] = []
      try {
        await restartEngine(after, reopen)
      } catch (err) {
        // The new settings cannot run an engine (an unwritable folder, say): keep the old ones.
        await settings.update(before)
        await restartEngine(before, reopen).catch(() => {})
        throw unusableSettings(err, before, after)
      }
    }
    if (after.downloadDir !== before.downloadDir) await library.reconcile(after.downloadDir)
    if (after.retentionHours !== before.retentionHours) library.touch()
    return after
  }

  let settingsQueue: Promise<unknown> = Promise.resolve()
  const applySettings = (partial: Partial<Settings>): Promise<Settings> => {
    const applied = settingsQueue.then(() => changeSettings(partial))
    settingsQueue = applied.catch(() => {})
    return applied
  }

  async function chooseSetting({ setting, reset }: RequestPayload<'settings-choose'>): Promise<Settings> {
    if (setting === 'externalPlayerPath' && reset) return applySettings({ externalPlayerPath: '' })
    if (!options.choosePath) throw new PeerwatchError('UNAVAILABLE', NO_CHOOSER[options.shell])
    const chosen = await options.choosePath(setting, settings.get()[setting])
    if (chosen === null) return settings.get()
    if (setting === 'downloadDir') {
      const problem = await downloadFolderProblem(chosen)
      if (problem) throw new PeerwatchError('BAD_REQUEST', problem, { field: 'downloadDir' })
    }
    return applySettings({ [setting]: chosen })
  }

  async function applyPageSettings(partial: RequestPayload<'settings-set'>): Promise<Settings> {
    if (partial.apibayUrl !== undefined && partial.apibayUrl !== settings.get().apibayUrl) {
      const host = new URL(partial.apibayUrl).hostname
      if (!(await isPublicHost(host, options.isPublicAddress)))
        throw new PeerwatchError(
          'BAD_REQUEST',
          'The search address must be a server on the internet, not this computer or the local network.',
        )
    }
    return applySettings(partial)
  }

  async function sweep(): Promise<RemovedDownload[]> {
    const running = await engine.running()
    const remover = running ? engine : diskRemover(settings.get().downloadDir)
    return sweepRetention(library, remover, now())
  }
  const sweepTimer = setInterval(() => {
    sweep().catch((err: unknown) => warn(`The retention sweep failed: ${toApiError(err).message}`))
  }, RETENTION_SWEEP_INTERVAL_MS).unref()

  const openOffers = new OpenOffers(
    (offer) => events.emit('open-offered', offer),
    (torrent) => api.request('wt-add', torrent),
  )
  const api = createHostApi(
    {
      ...actions,
      shell: options.shell,
      version: options.version,
      search: options.search ?? providerSearch(),
      filmInfo: options.filmInfo ?? wikidataFilms(),
      mediaTools,
      onPlayback: options.onPlayback,
      applySettings: applyPageSettings,
      chooseSetting,
      openOffers,
    },
    events,
  )

  let closing: Promise<void> | null = null
  return {
    api,
    offerOpen: (torrent) => openOffers.offer(torrent),
    close: () => {
      closing ??= (async () => {
        clearInterval(sweepTimer)
        await settingsQueue
        await engine.close()
        // The retention clock of whatever was open starts now, not when it was last opened.
        library.markAllInactive()
        await library.close()
        events.clear()
      })()
      return closing
    },
  }
}

const NO_CHOOSER = {
  web: 'Where downloads go and which player runs are set on the computer that runs peerwatch serve, in its settings.json.',
  desktop: 'This window cannot open a dialog to choose that.',
} as const

function unusableSettings(err: unknown, before: Settings, after: Settings): unknown {
  if (after.downloadDir === before.downloadDir || err instanceof PeerwatchError) return err
  const why = err instanceof Error ? err.message : String(err)
  return new PeerwatchError('STORAGE_FAILED', `Peerwatch cannot use that download folder (${why}).`)
}

/** What the engine has open (with the file being watched), so a new engine can open it again. */
async function openTorrents(
  link: EngineLink,
  library: Library,
  watching: ReadonlyMap<string, number>,
): Promise<OpenTorrent[]> {
  const list = await link.request('wt-list', {})
  if (list.ok) {
    return list.value.torrents.map((t) => ({ infoHash: t.infoHash, fileIndex: t.fileIndex ?? undefined }))
  }
  return openInLibrary(library, watching)
}

/** What the library says is open, when the engine can no longer say (it died). */
function openInLibrary(library: Library, watching: ReadonlyMap<string, number>): OpenTorrent[] {
  return library
    .items()
    .filter((item) => item.active)
    .map((item) => ({ infoHash: item.infoHash, fileIndex: watching.get(item.infoHash) }))
}

function wikidataFilms(env: NodeJS.ProcessEnv = process.env): (imdb: string) => Promise<FilmInfo | null> {
  const service = new FilmInfoService({ wikidataUrl: env.PEERWATCH_WIKIDATA_URL?.trim() || undefined })
  return (imdb) => service.lookup(imdb)
}
