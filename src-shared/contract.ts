import { z } from 'zod'

// THE contract between the renderer, the Electron main process, the headless server and the
// engine. Every payload that crosses a process or network boundary is parsed with these schemas.

export const ERROR_CODES = [
  'BAD_TORRENT_ID',
  'BAD_MAGNET',
  'BAD_TORRENT_FILE',
  'TORRENT_TOO_LARGE',
  'TORRENT_FETCH_FAILED',
  'NO_SUCH_TORRENT',
  'NO_SUCH_FILE',
  'NO_PLAYABLE_FILE',
  'BAD_REQUEST',
  'SEARCH_FAILED',
  'UNKNOWN_CHANNEL',
  'STORAGE_FAILED',
  'TORRENT_FAILED',
  'NOT_READY',
  'PLAYER_NOT_FOUND',
  'NO_FFMPEG',
  'MEDIA_UNREADABLE',
  'CONVERSION_FAILED',
  'UNAVAILABLE',
  'INTERNAL',
] as const
export const errorCodeSchema = z.enum(ERROR_CODES)
export type ErrorCode = z.infer<typeof errorCodeSchema>

export const apiErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  /** The request's field the error is about, for a form to show it there. */
  field: z.string().optional(),
})
export type ApiError = z.infer<typeof apiErrorSchema>
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError }

const infoHashSchema = z.string().regex(/^[0-9a-f]{40}$/, '40 lowercase hexadecimal characters')
const fileIndexSchema = z.number().int().min(0).max(1_000_000)
const byteRangesSchema = z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)]))

// ---- media: what a video file holds, and how the player will get it ---------------------------

const languageSchema = z.string().max(16).nullable()
const trackTitleSchema = z.string().max(200).nullable()

export const videoStreamInfoSchema = z.object({
  /** ffmpeg's codec name: h264, hevc, mpeg4, mpeg2video, vc1, av1, vp9... */
  codec: z.string(),
  /** RFC 6381 string a player can test (avc1.640028, hvc1.2.4.L93.B0); null when none exists. */
  codecString: z.string().nullable(),
  profile: z.string().nullable(),
  bitDepth: z.number().int().min(1).max(16).nullable(),
  width: z.number().int().min(0),
  height: z.number().int().min(0),
  frameRate: z.number().min(0).nullable(),
})
export type VideoStreamInfo = z.infer<typeof videoStreamInfoSchema>

export const audioTrackInfoSchema = z.object({
  /** Position among the file's audio tracks (ffmpeg's 0:a:N). */
  index: z.number().int().min(0),
  codec: z.string(),
  codecString: z.string().nullable(),
  channels: z.number().int().min(0),
  language: languageSchema,
  title: trackTitleSchema,
  default: z.boolean(),
})
export type AudioTrackInfo = z.infer<typeof audioTrackInfoSchema>

export const subtitleStreamInfoSchema = z.object({
  /** Position among the file's subtitle tracks (ffmpeg's 0:s:N). */
  index: z.number().int().min(0),
  codec: z.string(),
  language: languageSchema,
  title: trackTitleSchema,
  default: z.boolean(),
  forced: z.boolean(),
  /** Text tracks become WebVTT; image tracks (PGS, VobSub) cannot yet. */
  text: z.boolean(),
})
export type SubtitleStreamInfo = z.infer<typeof subtitleStreamInfoSchema>

export const mediaInfoSchema = z.object({
  /** ffmpeg's demuxer name: matroska, mov, avi, mpegts, asf... */
  container: z.string(),
  /** The MIME type a player is asked about for playing the file as it is. */
  containerMime: z.string(),
  durationSeconds: z.number().min(0).nullable(),
  /** The first timestamp (MPEG-TS starts near 1.4 s); players count from it as zero. */
  startSeconds: z.number().min(0),
  bitRate: z.number().min(0).nullable(),
  video: videoStreamInfoSchema.nullable(),
  audio: z.array(audioTrackInfoSchema),
  subtitles: z.array(subtitleStreamInfoSchema),
})
export type MediaInfo = z.infer<typeof mediaInfoSchema>

/** What the player says it decodes, asked of its own media stack with the file's codec strings. */
export const playerCapabilitiesSchema = z.object({
  /** The file as it is, through the player's own demuxer (canPlayType). */
  directPlay: z.boolean(),
  /** Media Source Extensions: fragmented MP4 with this video codec. */
  video: z.boolean(),
  /** Per audio track (by index): fragmented MP4 with this codec. */
  audio: z.array(z.boolean()).max(64),
  /** The most AAC channels it decodes (2, or 6 for 5.1). */
  maxAudioChannels: z.number().int().min(1).max(8),
  /** Whether it can play a converted stream at all (Media Source Extensions). */
  mse: z.boolean(),
})
export type PlayerCapabilities = z.infer<typeof playerCapabilitiesSchema>

export const PLAY_MODES = ['direct', 'remux', 'audio', 'transcode'] as const
export type PlayMode = (typeof PLAY_MODES)[number]

export const playPlanSchema = z.object({
  mode: z.enum(PLAY_MODES),
  /** Direct: the file's stream URL. Otherwise the converter's URL, to which the player adds `start=`. */
  url: z.string(),
  /** The MIME type with codecs the converted stream carries (for MediaSource.addSourceBuffer). */
  mime: z.string().nullable(),
  /** Where the file's embedded text subtitles are read as WebVTT (`?track=N&start=S`); null: none. */
  subtitlesUrl: z.string().nullable(),
  audioTrack: z.number().int().min(0).nullable(),
  /** The converted picture's height when the converter scales it down. */
  height: z.number().int().min(0).nullable(),
  durationSeconds: z.number().min(0).nullable(),
  /** One sentence a person can read: why this mode. */
  reason: z.string(),
})
export type PlayPlan = z.infer<typeof playPlanSchema>

// ---- requests: renderer/CLI -> engine -------------------------------------------------------

/** A .torrent bigger than this is not one (they hold hashes, not data): every layer refuses it. */
export const MAX_TORRENT_FILE_BYTES = 10 * 1024 * 1024
/** A magnet link or a torrent's address longer than this is not one. */
export const MAX_TORRENT_ID_LENGTH = 16_384

const torrentBytesSchema = z
  .custom<Uint8Array>((v) => v instanceof Uint8Array, 'a .torrent file as bytes')
  .refine((bytes) => bytes.byteLength <= MAX_TORRENT_FILE_BYTES, 'at most 10 MB')

/** Which file to play: by index, or by name or path inside the torrent; default: largest video. */
const fileChoice = {
  fileIndex: fileIndexSchema.optional(),
  fileName: z.string().min(1).max(4096).optional(),
}

/** An IMDb title id, as search sources give it and film lookups take it. */
export const IMDB_ID = /^tt\d{7,9}$/

export const requestSchemas = {
  'wt-add': z.union([
    z.object({
      torrentId: z.string().min(1).max(MAX_TORRENT_ID_LENGTH),
      ...fileChoice,
    }),
    z.object({
      torrentFile: torrentBytesSchema,
      ...fileChoice,
    }),
  ]),
  'wt-select-file': z.object({ infoHash: infoHashSchema, fileIndex: fileIndexSchema }),
  'wt-remove': z.object({ infoHash: infoHashSchema, deleteData: z.boolean().optional() }),
  'wt-list': z.object({}),
  /** What a video file holds; waits for the probe that opening the file started. */
  'wt-media-info': z.object({ infoHash: infoHashSchema, fileIndex: fileIndexSchema }),
  /** How the player gets this file: played as it is, remuxed, or converted (the ladder). */
  'wt-media-plan': z.object({
    infoHash: infoHashSchema,
    fileIndex: fileIndexSchema,
    audioTrack: z.number().int().min(0).max(63).optional(),
    capabilities: playerCapabilitiesSchema,
  }),

  /** Everything in the library: torrents still on disk or open now. */
  'library-list': z.object({}),
  /** Open a library item again (from its saved .torrent or magnet); the page never sends paths. */
  'library-play': z.object({ infoHash: infoHashSchema, fileIndex: fileIndexSchema.optional() }),
  /**
   * Moves downloads kept in an earlier download folder into the current one (all of them, or
   * one), with `library-move-progress` events; a film plays from there again.
   */
  'library-move': z.object({ infoHash: infoHashSchema.optional() }),
  /** Close it if open, delete its data and forget it. */
  'library-delete': z.object({ infoHash: infoHashSchema }),
  /** Where the person is in a file, saved every few seconds while playing and on leaving. */
  'player-position': z.object({
    infoHash: infoHashSchema,
    fileIndex: fileIndexSchema,
    position: z.number().min(0).max(1e7),
    duration: z.number().min(0).max(1e7),
  }),
  /** Whether a video is playing now: the desktop keeps the screen awake meanwhile. */
  'player-playing': z.object({ playing: z.boolean() }),
  /** Hand a file's stream to the external player (VLC or the configured one). */
  'player-open-external': z.object({ infoHash: infoHashSchema, fileIndex: fileIndexSchema }),
  /** The person said yes to a torrent the OS handed the app (`open-offered`): it opens now. */
  'open-accept': z.object({ id: z.string().max(64) }),
  /** The person said no: the offer is forgotten, nothing was fetched. */
  'open-decline': z.object({ id: z.string().max(64) }),
  'settings-get': z.object({}),
  /** What a page may change itself: never where files go or which program runs (settings-choose). */
  'settings-set': z.lazy(() => pageSettingsSchema.partial().strict()),
  /**
   * Where downloads go, or which program "Open in VLC" runs, chosen by the person in a dialog of
   * the computer's own (desktop only); `reset` puts the player back to finding VLC.
   */
  'settings-choose': z.object({
    setting: z.enum(['downloadDir', 'externalPlayerPath']),
    reset: z.boolean().optional(),
  }),
  /** Which shell the page runs in and what it can do there. */
  'app-info': z.object({}),
  /** Every enabled search provider at once; one failing never fails the whole search. */
  search: z.object({
    query: z.string().trim().min(1).max(200),
    category: z.enum(['movies', 'tv', 'video', 'all']).optional(),
    limit: z.number().int().min(1).max(500).optional(),
  }),
  /**
   * What a film is, for the results page's film cards: title, year, a line of description and a
   * small poster from a keyless public source (Wikidata), looked up by the host, never the page.
   */
  'film-info': z.object({ imdb: z.string().regex(IMDB_ID, 'an IMDb id such as tt0063350') }),
} as const

export type RequestChannel = keyof typeof requestSchemas
export type RequestPayload<C extends RequestChannel> = z.infer<(typeof requestSchemas)[C]>

export const fileKindSchema = z.enum(['video', 'subtitle', 'other'])
export type FileKind = z.infer<typeof fileKindSchema>

export const torrentFileInfoSchema = z.object({
  index: fileIndexSchema,
  path: z.string(),
  name: z.string(),
  length: z.number().int().min(0),
  kind: fileKindSchema,
})
export type TorrentFileInfo = z.infer<typeof torrentFileInfoSchema>

export const subtitleTrackSchema = z.object({ index: fileIndexSchema, name: z.string(), url: z.string() })
export type SubtitleTrack = z.infer<typeof subtitleTrackSchema>

export const torrentSummarySchema = z.object({
  infoHash: infoHashSchema,
  name: z.string(),
  ready: z.boolean(),
  fileIndex: fileIndexSchema.nullable(),
  url: z.string().nullable(),
})
export type TorrentSummary = z.infer<typeof torrentSummarySchema>

/** A smaller memory budget cannot hold the few pieces a stream needs (Settings and `--memory-budget`). */
export const MIN_MEMORY_BUDGET_MB = 16

export const settingsSchema = z.object({
  downloadDir: z.string().min(1).max(4096),
  /** Downloads nothing has played for this long are deleted by the retention sweep. */
  retentionHours: z
    .number()
    .min(1)
    .max(24 * 365),
  /** A torrent nobody has read from for this long is closed (its data stays). */
  idleCloseMinutes: z
    .number()
    .min(0.5)
    .max(24 * 60),
  store: z.enum(['disk', 'memory']),
  memoryBudgetMB: z.number().int().min(MIN_MEMORY_BUDGET_MB).max(65_536),
  apibayUrl: z.url({ protocol: /^https?$/ }).max(2048),
  /** Empty: find VLC in the usual places. */
  externalPlayerPath: z.string().max(4096),
  /** The audio language a film starts in when it has several (a code: en, fre, deu); empty: the file's default. */
  audioLanguage: z
    .string()
    .max(16)
    .regex(/^[a-zA-Z-]*$/, 'a language code such as en or fre'),
})
export type Settings = z.infer<typeof settingsSchema>

/** The settings a page sends: the rest name a folder or a program, chosen on the computer itself. */
export const pageSettingsSchema = settingsSchema.omit({ downloadDir: true, externalPlayerPath: true })
export type PageSettings = z.infer<typeof pageSettingsSchema>

export const watchedPositionSchema = z.object({
  fileIndex: fileIndexSchema,
  position: z.number().min(0),
  duration: z.number().min(0),
  /** Epoch ms. */
  at: z.number(),
})
export type WatchedPosition = z.infer<typeof watchedPositionSchema>

export const libraryItemSchema = z.object({
  infoHash: infoHashSchema,
  name: z.string(),
  /** Total bytes of the torrent (0 until its metadata is known). */
  length: z.number().int().min(0),
  /** Verified bytes on disk (or in memory while open in memory mode). */
  downloaded: z.number().int().min(0),
  files: z.array(torrentFileInfoSchema),
  /** Epoch ms. */
  addedAt: z.number(),
  /** Epoch ms: last time it was open, played or added. */
  lastActiveAt: z.number(),
  /** Open in the engine right now. */
  active: z.boolean(),
  /** Epoch ms when the retention sweep will delete it; null while it is open. */
  removeAt: z.number().nullable(),
  /** The last position per file, most recent first. */
  positions: z.array(watchedPositionSchema),
  /** The download folder it is in, when that is not where downloads go now (Settings changed). */
  folder: z.string().optional(),
})
export type LibraryItem = z.infer<typeof libraryItemSchema>

export const appInfoSchema = z.object({
  shell: z.enum(['desktop', 'web']),
  version: z.string(),
  /** Whether "Open in VLC" can launch a player where the person sits. */
  canOpenExternal: z.boolean(),
  /** The ffmpeg that converts what the player cannot decode; null until looked up. */
  media: z
    .object({
      ffmpeg: z
        .object({ version: z.string(), source: z.enum(['configured', 'system', 'bundled']) })
        .nullable(),
      ffprobe: z
        .object({ version: z.string(), source: z.enum(['configured', 'system', 'bundled']) })
        .nullable(),
      hardwareEncoders: z.array(z.string()),
    })
    .nullable(),
})
export type AppInfo = z.infer<typeof appInfoSchema>

export const searchResultSchema = z.object({
  provider: z.string(),
  /** As the source gave it: the page escapes it. */
  name: z.string(),
  infoHash: infoHashSchema,
  magnet: z.string(),
  /** Bytes. */
  size: z.number().min(0),
  seeders: z.number().int().min(0),
  leechers: z.number().int().min(0),
  /** ISO date, when the source says. */
  added: z.string().nullable(),
  uploaderStatus: z.enum(['member', 'trusted', 'vip', 'helper', 'moderator', 'admin', 'unknown']),
  category: z.string(),
  imdb: z.string().nullable(),
})
export type SearchResult = z.infer<typeof searchResultSchema>

export const filmInfoSchema = z.object({
  imdb: z.string(),
  title: z.string(),
  year: z.number().int().nullable(),
  /** One line, as the source gives it ("1968 film by George A. Romero"). */
  description: z.string().nullable(),
  /** A small poster as a data: URL (JPEG, PNG or WebP), or null. */
  poster: z.string().nullable(),
})
export type FilmInfo = z.infer<typeof filmInfoSchema>

export const searchFailureSchema = z.object({ provider: z.string(), code: z.string(), message: z.string() })
export type SearchFailure = z.infer<typeof searchFailureSchema>

export interface ResponseValues {
  'wt-add': { infoHash: string }
  'wt-select-file': { url: string }
  'wt-remove': { removed: boolean }
  'wt-list': { torrents: TorrentSummary[] }
  'wt-media-info': { info: MediaInfo | null; problem: ApiError | null }
  'wt-media-plan': PlayPlan
  'library-list': { items: LibraryItem[] }
  'library-play': { infoHash: string }
  'library-delete': { removed: boolean }
  'library-move': { moved: number }
  'player-position': { saved: boolean }
  'player-playing': { playing: boolean }
  'player-open-external': { launched: boolean }
  'open-accept': { infoHash: string }
  'open-decline': { declined: boolean }
  'settings-get': Settings
  'settings-set': Settings
  'settings-choose': Settings
  'app-info': AppInfo
  search: { results: SearchResult[]; failures: SearchFailure[] }
  'film-info': { film: FilmInfo | null }
}

// ---- events: engine -> renderer/CLI -----------------------------------------------------------

export const eventSchemas = {
  /** The engine is up: its stream server listens at `origin`, BitTorrent peers reach it on `peerPort`. */
  'wt-ready': z.object({ origin: z.string(), peerPort: z.number().int().min(0).max(65_535).nullable() }),
  'wt-infohash': z.object({ infoHash: infoHashSchema, name: z.string().optional() }),
  'wt-metadata': z.object({
    infoHash: infoHashSchema,
    name: z.string(),
    length: z.number().int().min(0),
    pieceLength: z.number().int().min(1),
    files: z.array(torrentFileInfoSchema),
    defaultFileIndex: fileIndexSchema.nullable(),
    /** A link that opens this torrent again (with the trackers and peers it was found with). */
    magnet: z.string(),
  }),
  'wt-server-running': z.object({
    infoHash: infoHashSchema,
    fileIndex: fileIndexSchema,
    url: z.string(),
    subtitles: z.array(subtitleTrackSchema),
  }),
  'wt-progress': z.object({
    infoHash: infoHashSchema,
    downloadSpeed: z.number().min(0),
    uploadSpeed: z.number().min(0),
    /** Peers connected now. */
    peers: z.number().int().min(0),
    /** Of those, the ones sending pieces now (what `downloadSpeed` is the sum of). */
    sendingPeers: z.number().int().min(0),
    downloaded: z.number().min(0),
    length: z.number().min(0),
    progress: z.number().min(0).max(1),
    memoryStoreBytes: z.number().int().min(0).nullable(),
    files: z.array(z.object({ index: fileIndexSchema, ranges: byteRangesSchema })),
  }),
  'wt-done': z.object({ infoHash: infoHashSchema }),
  /** What a video file holds (from ffprobe on its own stream), or why that could not be read. */
  'wt-media-info': z.object({
    infoHash: infoHashSchema,
    fileIndex: fileIndexSchema,
    info: mediaInfoSchema.nullable(),
    problem: apiErrorSchema.nullable(),
  }),
  'wt-warning': z.object({ infoHash: infoHashSchema.optional(), code: z.string(), message: z.string() }),
  'wt-error': z.object({ infoHash: infoHashSchema.optional(), code: errorCodeSchema, message: z.string() }),
  'wt-idle-closed': z.object({ infoHash: infoHashSchema, idleSeconds: z.number().min(0) }),
  'library-changed': z.object({ items: z.array(libraryItemSchema) }),
  /** A download being moved into the current folder: bytes so far of its total. */
  'library-move-progress': z.object({
    infoHash: infoHashSchema,
    name: z.string(),
    moved: z.number().min(0),
    total: z.number().min(0),
  }),
  /** The engine process died and is being restarted ('restarting'), or is back ('running'). */
  'app-engine-status': z.object({ state: z.enum(['restarting', 'running']) }),
  'settings-changed': settingsSchema,
  /**
   * A magnet link clicked in another app, or a .torrent file opened with Peerwatch: nothing is
   * fetched until the person accepts it (`open-accept`).
   */
  'open-offered': z.object({
    id: z.string(),
    infoHash: infoHashSchema,
    name: z.string(),
    /** Bytes, when a .torrent file says; a magnet does not. */
    length: z.number().min(0).nullable(),
    files: z.number().int().min(0).nullable(),
    from: z.enum(['link', 'file']),
  }),
} as const

export type EventChannel = keyof typeof eventSchemas
export type EventPayload<C extends EventChannel> = z.infer<(typeof eventSchemas)[C]>
export type EngineEvent = { [C in EventChannel]: { event: C; payload: EventPayload<C> } }[EventChannel]

export const REQUEST_CHANNELS = Object.keys(requestSchemas) as RequestChannel[]
/** Channels the torrent engine answers itself; the app host answers the rest. */
export type EngineRequestChannel = Extract<RequestChannel, `wt-${string}`>
export function isEngineRequestChannel(channel: RequestChannel): channel is EngineRequestChannel {
  return channel.startsWith('wt-')
}
export const EVENT_CHANNELS = Object.keys(eventSchemas) as EventChannel[]

// ---- the messages carried over a port (IPC, child_process, WebSocket) ------------------------

export const portMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('request'), id: z.number().int(), channel: z.string(), payload: z.unknown() }),
  z.object({
    kind: z.literal('response'),
    id: z.number().int(),
    result: z.union([
      z.object({ ok: z.literal(true), value: z.unknown() }),
      z.object({ ok: z.literal(false), error: apiErrorSchema }),
    ]),
  }),
  z.object({ kind: z.literal('event'), event: z.string(), payload: z.unknown() }),
])
export type PortMessage = z.infer<typeof portMessageSchema>

export function isRequestChannel(channel: string): channel is RequestChannel {
  return Object.hasOwn(requestSchemas, channel)
}
export function isEventChannel(channel: string): channel is EventChannel {
  return Object.hasOwn(eventSchemas, channel)
}

/** The typed surface the renderer sees as `window.peerwatch`, whatever carries it. */
export interface Api {
  request<C extends RequestChannel>(
    channel: C,
    payload: RequestPayload<C>,
  ): Promise<Result<ResponseValues[C]>>
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void
}
