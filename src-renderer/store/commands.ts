import type { Api, ApiError, PageSettings, RequestPayload } from '../../src-shared/contract.js'
import { errorToast } from './error-hints.js'
import { navigate } from './navigation.js'
import type { SearchCategory } from './routes.js'
import { useStore } from './store.js'

// What the pages do: one request each, its answer into the store, failures as toasts.

const state = () => useStore.getState()

/** Opens a torrent; answers its infohash, or null after telling the person why not. */
export async function addTorrent(api: Api, payload: RequestPayload<'wt-add'>): Promise<string | null> {
  const result = await api.request('wt-add', payload)
  if (!result.ok) {
    state().pushToast(errorToast(result.error))
    return null
  }
  state().torrentAdded(result.value.infoHash)
  return result.value.infoHash
}

/** Opens a torrent and goes to its player page, which shows metadata progress, then plays. */
export async function openAndPlay(api: Api, payload: RequestPayload<'wt-add'>): Promise<void> {
  const infoHash = await addTorrent(api, payload)
  if (infoHash) navigate({ page: 'player', infoHash, fileIndex: payload.fileIndex ?? null })
}

export async function runSearch(api: Api, query: string, category: SearchCategory): Promise<void> {
  const requestId = state().searchStarted(query, category)
  const result = await api.request('search', { query, category })
  if (result.ok) state().searchFinished(requestId, result.value.results, result.value.failures)
  else state().searchFailed(requestId, result.error)
}

/** Switches the streamed file; true when the engine now streams it. */
export async function selectFile(api: Api, infoHash: string, fileIndex: number): Promise<boolean> {
  state().selectStarted(infoHash, fileIndex)
  const result = await api.request('wt-select-file', { infoHash, fileIndex })
  state().selectFinished(infoHash, fileIndex, result.ok ? result.value.url : null)
  if (!result.ok) state().pushToast(errorToast(result.error))
  return result.ok
}

/** Opens a library item in the engine again; true when it is open. */
export async function reopenFromLibrary(api: Api, infoHash: string, fileIndex?: number): Promise<boolean> {
  const payload = fileIndex === undefined ? { infoHash } : { infoHash, fileIndex }
  const result = await api.request('library-play', payload)
  if (!result.ok) {
    state().pushToast(errorToast(result.error))
    return false
  }
  state().torrentAdded(result.value.infoHash)
  return true
}

export async function playFromLibrary(api: Api, infoHash: string, fileIndex?: number): Promise<void> {
  if (await reopenFromLibrary(api, infoHash, fileIndex)) {
    navigate({ page: 'player', infoHash, fileIndex: fileIndex ?? null })
  }
}

/** Closes a torrent and keeps its data. */
export async function stopTorrent(api: Api, infoHash: string): Promise<void> {
  const result = await api.request('wt-remove', { infoHash })
  if (!result.ok) return void state().pushToast(errorToast(result.error))
  state().torrentRemoved(infoHash)
}

export async function deleteFromLibrary(api: Api, infoHash: string, name: string): Promise<void> {
  const result = await api.request('library-delete', { infoHash })
  if (!result.ok) return void state().pushToast(errorToast(result.error))
  state().torrentRemoved(infoHash)
  state().pushToast({ kind: 'info', message: `Deleted "${name}".` })
}

/** Saves settings; answers the validation message for the form, or null when saved. */
/** Saves the page's settings; answers the problem to show beside the form (or its field), or null. */
export async function saveSettings(api: Api, settings: PageSettings): Promise<ApiError | null> {
  const result = await api.request('settings-set', settings)
  if (!result.ok) {
    if (result.error.code !== 'BAD_REQUEST') state().pushToast(errorToast(result.error))
    return result.error
  }
  state().setSettings(result.value)
  state().pushToast({ kind: 'info', message: 'Settings saved' })
  return null
}

/**
 * Asks the computer to let the person pick the download folder or the player program in its own
 * dialog (`reset`: find VLC again); answers the problem to show, or null.
 */
export async function chooseSetting(
  api: Api,
  setting: 'downloadDir' | 'externalPlayerPath',
  reset = false,
): Promise<string | null> {
  const result = await api.request('settings-choose', { setting, ...(reset ? { reset } : {}) })
  if (!result.ok) return result.error.message
  state().setSettings(result.value)
  return null
}

export async function openExternal(api: Api, infoHash: string, fileIndex: number): Promise<void> {
  const result = await api.request('player-open-external', { infoHash, fileIndex })
  if (!result.ok) state().pushToast(errorToast(result.error))
  else state().pushToast({ kind: 'info', message: 'Opening in the external player' })
}

/** Best effort: a lost position is not worth interrupting the film for. */
export function savePosition(api: Api, payload: RequestPayload<'player-position'>): void {
  void api.request('player-position', payload).catch(() => {})
}
