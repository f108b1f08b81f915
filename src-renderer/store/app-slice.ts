import type { AppInfo, LibraryItem, Settings } from '../../src-shared/contract.js'
import type { ConnectionStatus } from '../transport/connection.js'
import type { Route } from './routes.js'
import type { SliceCreator } from './store.js'

/** What the shell knows: where we are, what the backend is and has. */
export interface AppSlice {
  route: Route
  connection: ConnectionStatus
  /** The desktop's engine process: 'restarting' after it died, until it is back. */
  engineStatus: 'running' | 'restarting'
  appInfo: AppInfo | null
  settings: Settings | null
  library: LibraryItem[]
  /** The first library-list and wt-list answers arrived (the player can tell "unknown" from "loading"). */
  snapshotsLoaded: boolean
  setRoute(route: Route): void
  setConnection(status: ConnectionStatus): void
  setEngineStatus(status: 'running' | 'restarting'): void
  setAppInfo(info: AppInfo): void
  setSettings(settings: Settings): void
  setLibrary(items: LibraryItem[]): void
  setSnapshotsLoaded(): void
}

export const createAppSlice: SliceCreator<AppSlice> = (set) => ({
  route: { page: 'home' },
  connection: 'connecting',
  engineStatus: 'running',
  appInfo: null,
  settings: null,
  library: [],
  snapshotsLoaded: false,
  setRoute: (route) => set({ route }),
  setConnection: (connection) => set({ connection }),
  setEngineStatus: (engineStatus) => set({ engineStatus }),
  setAppInfo: (appInfo) => set({ appInfo }),
  setSettings: (settings) => set({ settings }),
  setLibrary: (library) => set({ library }),
  setSnapshotsLoaded: () => set({ snapshotsLoaded: true }),
})
