import type {
  AppInfo,
  EventPayload,
  LibraryItem,
  MediaInfo,
  SearchResult,
  Settings,
  TorrentFileInfo,
} from '../../../src-shared/contract.js'

export const HASH_A = 'a'.repeat(40)
export const HASH_B = 'b'.repeat(40)
export const DAY = 24 * 3600 * 1000

export function appInfo(overrides: Partial<AppInfo> = {}): AppInfo {
  return { shell: 'web', version: '0.1.0', canOpenExternal: false, media: null, ...overrides }
}

export function settings(overrides: Partial<Settings> = {}): Settings {
  return {
    downloadDir: '/home/me/Peerwatch',
    retentionHours: 24,
    idleCloseMinutes: 3,
    store: 'disk',
    memoryBudgetMB: 256,
    apibayUrl: 'https://apibay.org',
    externalPlayerPath: '',
    audioLanguage: '',
    ...overrides,
  }
}

export function result(overrides: Partial<SearchResult> = {}): SearchResult {
  const infoHash = overrides.infoHash ?? HASH_A
  return {
    provider: 'apibay',
    name: 'Some Film 1080p',
    infoHash,
    magnet: `magnet:?xt=urn:btih:${infoHash}`,
    size: 2 * 1024 ** 3,
    seeders: 10,
    leechers: 2,
    added: new Date(Date.now() - 3 * DAY).toISOString(),
    uploaderStatus: 'member',
    category: 'movies',
    imdb: null,
    ...overrides,
  }
}

export function file(index: number, name: string, length: number, kind: TorrentFileInfo['kind'] = 'video') {
  return { index, path: `Film/${name}`, name, length, kind }
}

/** Two videos (the larger one second) and a subtitle file. */
export function metadata(infoHash = HASH_A): EventPayload<'wt-metadata'> {
  return {
    infoHash,
    name: 'Film',
    length: 1000 + 4000 + 10,
    pieceLength: 16384,
    files: [file(0, 'sample.mp4', 1000), file(1, 'film.mp4', 4000), file(2, 'film.en.srt', 10, 'subtitle')],
    defaultFileIndex: 1,
    magnet: `magnet:?xt=urn:btih:${infoHash}`,
  }
}

export function serverRunning(infoHash = HASH_A, fileIndex = 1): EventPayload<'wt-server-running'> {
  return {
    infoHash,
    fileIndex,
    url: `/stream/${infoHash}/${fileIndex}/film.mp4`,
    subtitles: [{ index: 2, name: 'film.en.srt', url: `/stream/${infoHash}/2/film.en.srt` }],
  }
}

export function progress(ranges: Array<[number, number]>, infoHash = HASH_A): EventPayload<'wt-progress'> {
  return {
    infoHash,
    downloadSpeed: 1.5 * 1024 * 1024,
    uploadSpeed: 20 * 1024,
    peers: 7,
    sendingPeers: 7,
    downloaded: 1000,
    length: 5010,
    progress: 0.2,
    memoryStoreBytes: null,
    files: [{ index: 1, ranges }],
  }
}

export function libraryItem(overrides: Partial<LibraryItem> = {}): LibraryItem {
  const now = Date.now()
  return {
    infoHash: HASH_A,
    name: 'Film',
    length: 4000,
    downloaded: 1000,
    files: metadata().files,
    addedAt: now - 2 * 3600 * 1000,
    lastActiveAt: now - 3600 * 1000,
    active: false,
    removeAt: now + 5 * 3600 * 1000,
    positions: [],
    ...overrides,
  }
}

/** A probe of an MP4 with H.264 and AAC, 100 s long unless `overrides` say otherwise. */
export function mediaInfo(overrides: Partial<MediaInfo> = {}): MediaInfo {
  return {
    container: 'mov,mp4,m4a,3gp,3g2,mj2',
    containerMime: 'video/mp4',
    durationSeconds: 100,
    startSeconds: 0,
    bitRate: null,
    video: {
      codec: 'h264',
      codecString: 'avc1.640028',
      profile: 'High',
      bitDepth: 8,
      width: 1280,
      height: 720,
      frameRate: 24,
    },
    audio: [],
    subtitles: [],
    ...overrides,
  }
}
