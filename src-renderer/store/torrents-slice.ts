import type {
  ApiError,
  EventPayload,
  SubtitleTrack,
  TorrentFileInfo,
  TorrentSummary,
} from '../../src-shared/contract.js'
import type { SliceCreator } from './store.js'

export type TorrentPhase = 'fetching-metadata' | 'ready' | 'error' | 'closed'
export type TorrentProgress = EventPayload<'wt-progress'>

/** One torrent as the page knows it, built from the engine's events. */
export interface TorrentView {
  infoHash: string
  name: string
  state: TorrentPhase
  /** Empty until wt-metadata. */
  files: TorrentFileInfo[]
  defaultFileIndex: number | null
  /** The file the engine streams now, and its URL. */
  fileIndex: number | null
  url: string | null
  subtitles: SubtitleTrack[]
  progress: TorrentProgress | null
  error: ApiError | null
  done: boolean
  /** A wt-select-file in flight, so nobody asks twice. */
  selecting: number | null
}

export interface TorrentsSlice {
  torrents: Record<string, TorrentView>
  torrentAdded(infoHash: string): void
  infohashReceived(payload: EventPayload<'wt-infohash'>): void
  metadataReceived(payload: EventPayload<'wt-metadata'>): void
  serverRunning(payload: EventPayload<'wt-server-running'>): void
  progressReceived(payload: TorrentProgress): void
  doneReceived(infoHash: string): void
  torrentFailed(infoHash: string, error: ApiError): void
  idleClosed(infoHash: string): void
  torrentsListed(summaries: TorrentSummary[]): void
  selectStarted(infoHash: string, fileIndex: number): void
  selectFinished(infoHash: string, fileIndex: number, url: string | null): void
  torrentRemoved(infoHash: string): void
}

function emptyTorrent(infoHash: string): TorrentView {
  return {
    infoHash,
    name: '',
    state: 'fetching-metadata',
    files: [],
    defaultFileIndex: null,
    fileIndex: null,
    url: null,
    subtitles: [],
    progress: null,
    error: null,
    done: false,
    selecting: null,
  }
}

export const createTorrentsSlice: SliceCreator<TorrentsSlice> = (set) => {
  /** Applies a change to one torrent, creating it when the engine mentions one we have not seen. */
  const update = (infoHash: string, change: (t: TorrentView) => Partial<TorrentView>): void =>
    set((s) => {
      const current = s.torrents[infoHash] ?? emptyTorrent(infoHash)
      return { torrents: { ...s.torrents, [infoHash]: { ...current, ...change(current) } } }
    })

  return {
    torrents: {},
    torrentAdded: (infoHash) =>
      update(infoHash, (t) =>
        t.state === 'error' || t.state === 'closed'
          ? { state: 'fetching-metadata', error: null, url: null, selecting: null }
          : {},
      ),
    infohashReceived: (p) => update(p.infoHash, (t) => ({ name: t.name || p.name || '' })),
    metadataReceived: (p) =>
      update(p.infoHash, () => ({
        name: p.name,
        files: p.files,
        defaultFileIndex: p.defaultFileIndex,
        state: 'ready',
        error: null,
      })),
    serverRunning: (p) =>
      update(p.infoHash, (t) => ({
        fileIndex: p.fileIndex,
        url: p.url,
        subtitles: p.subtitles,
        selecting: t.selecting === p.fileIndex ? null : t.selecting,
        state: 'ready',
      })),
    progressReceived: (p) => update(p.infoHash, () => ({ progress: p })),
    doneReceived: (infoHash) => update(infoHash, () => ({ done: true })),
    torrentFailed: (infoHash, error) => update(infoHash, () => ({ state: 'error', error, selecting: null })),
    idleClosed: (infoHash) => update(infoHash, () => ({ state: 'closed', url: null, selecting: null })),
    torrentsListed: (summaries) => {
      for (const s of summaries) {
        update(s.infoHash, (t) => ({
          name: t.name || s.name,
          fileIndex: s.fileIndex,
          url: s.url,
          state: s.fileIndex !== null ? 'ready' : t.state,
        }))
      }
    },
    selectStarted: (infoHash, fileIndex) => update(infoHash, () => ({ selecting: fileIndex })),
    selectFinished: (infoHash, fileIndex, url) =>
      update(infoHash, (t) => (url ? { selecting: null, fileIndex, url } : { selecting: null, url: t.url })),
    torrentRemoved: (infoHash) =>
      set((s) => {
        const { [infoHash]: _removed, ...rest } = s.torrents
        return { torrents: rest }
      }),
  }
}
