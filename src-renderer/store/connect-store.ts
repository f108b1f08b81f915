import type { Api, EventPayload } from '../../src-shared/contract.js'
import type { Transport } from '../transport/connection.js'
import { errorToast } from './error-hints.js'
import { useStore } from './store.js'

const state = () => useStore.getState()

/**
 * Wires the engine's events into the store once, then loads the first snapshots. Listeners go
 * first so nothing that happens between a snapshot and its answer is lost.
 */
export function connectStore(transport: Transport): () => void {
  const { api } = transport
  const offs = [
    api.on('wt-infohash', (p) => state().infohashReceived(p)),
    api.on('wt-metadata', (p) => state().metadataReceived(p)),
    api.on('wt-server-running', (p) => state().serverRunning(p)),
    api.on('wt-progress', (p) => state().progressReceived(p)),
    api.on('wt-done', (p) => state().doneReceived(p.infoHash)),
    api.on('wt-warning', onWarning),
    api.on('wt-error', onEngineError),
    api.on('wt-idle-closed', (p) => state().idleClosed(p.infoHash)),
    api.on('library-changed', (p) => state().setLibrary(p.items)),
    api.on('settings-changed', (p) => state().setSettings(p)),
    api.on('app-engine-status', (p) => {
      const was = state().engineStatus
      state().setEngineStatus(p.state)
      // The new engine reopened what was open: take fresh snapshots of it.
      if (p.state === 'running' && was === 'restarting') void loadSnapshots(api)
    }),
    transport.onStatus((status) => {
      const was = state().connection
      state().setConnection(status)
      // Events were missed while the socket was down: take fresh snapshots.
      if (status === 'open' && was === 'reconnecting') void loadSnapshots(api)
    }),
  ]
  state().setConnection(transport.status())
  void loadSnapshots(api)
  return () => {
    for (const off of offs) off()
  }
}

export async function loadSnapshots(api: Api): Promise<void> {
  const s = state()
  await Promise.all([
    api.request('app-info', {}).then((r) => r.ok && s.setAppInfo(r.value)),
    api.request('settings-get', {}).then((r) => r.ok && s.setSettings(r.value)),
    api.request('library-list', {}).then((r) => r.ok && s.setLibrary(r.value.items)),
    api.request('wt-list', {}).then((r) => r.ok && s.torrentsListed(r.value.torrents)),
  ])
  s.setSnapshotsLoaded()
}

function onWarning(p: EventPayload<'wt-warning'>): void {
  // webtorrent's own warnings (a tracker that does not answer) are routine: not worth a toast.
  if (p.code === 'TORRENT_WARNING') return
  state().pushToast({ kind: 'info', message: p.message })
}

function onEngineError(p: EventPayload<'wt-error'>): void {
  const error = { code: p.code, message: p.message }
  if (p.infoHash) state().torrentFailed(p.infoHash, error)
  const route = state().route
  // The player page shows its own torrent's error in place.
  if (route.page === 'player' && route.infoHash === p.infoHash) return
  state().pushToast(errorToast(error))
}
