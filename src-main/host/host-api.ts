import {
  type Api,
  type AppInfo,
  type EngineRequestChannel,
  type FilmInfo,
  isRequestChannel,
  type RequestChannel,
  type RequestPayload,
  type ResponseValues,
  type Result,
  requestSchemas,
  type Settings,
} from '../../src-shared/contract.js'
import { PeerwatchError, toApiError } from '../../src-shared/errors.js'
import { requestProblem } from '../../src-shared/request-problems.js'
import { BASE32_INFOHASH, HEX_INFOHASH } from '../engine/torrent-id.js'
import type { MediaTools } from '../media/media-tools.js'
import type { HostEvents } from './host-events.js'
import {
  asCodedError,
  deleteFromLibrary,
  type LibraryActionsContext,
  moveIntoCurrentFolder,
  openInExternalPlayer,
  playFromLibrary,
  unwrap,
} from './library-actions.js'
import type { OpenOffers } from './open-offers.js'

export type SearchHandler = (
  payload: RequestPayload<'search'>,
  settings: Settings,
) => Promise<ResponseValues['search']>

export interface HostApiContext extends LibraryActionsContext {
  shell: 'desktop' | 'web'
  version: string
  search?: SearchHandler
  /** What a film is, by IMDb id (film cards on the results page). */
  filmInfo?: (imdb: string) => Promise<FilmInfo | null>
  /** The ffmpeg the engines of this host use, for Settings. */
  mediaTools?: () => Promise<MediaTools>
  onPlayback?: (playing: boolean) => void
  applySettings(partial: RequestPayload<'settings-set'>): Promise<Settings>
  chooseSetting(payload: RequestPayload<'settings-choose'>): Promise<Settings>
  openOffers: OpenOffers
}

type Handlers = {
  [C in RequestChannel]: (payload: RequestPayload<C>) => Promise<ResponseValues[C]> | ResponseValues[C]
}

/**
 * The Api the renderer talks to: every payload validated against the contract, `wt-*` passed
 * to the engine, the rest answered here. It never throws or rejects.
 */
export function createHostApi(ctx: HostApiContext, events: HostEvents): Api {
  const handlers = hostHandlers(ctx)
  return {
    async request<C extends RequestChannel>(channel: C, payload: RequestPayload<C>) {
      const answer = await dispatch(handlers, channel, payload)
      return answer as Result<ResponseValues[C]>
    },
    on: (channel, listener) => events.on(channel, listener),
  }
}

async function dispatch(handlers: Handlers, channel: unknown, payload: unknown): Promise<Result<unknown>> {
  if (typeof channel !== 'string' || !isRequestChannel(channel)) {
    const name = String(channel).slice(0, 40)
    return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `Unknown request "${name}".` } }
  }
  const parsed = requestSchemas[channel].safeParse(payload)
  if (!parsed.success) return { ok: false, error: requestProblem(parsed.error) }
  try {
    const handler = handlers[channel] as (payload: unknown) => unknown
    return { ok: true, value: await handler(parsed.data) }
  } catch (err) {
    return { ok: false, error: toApiError(asCodedError(err)) }
  }
}

function hostHandlers(ctx: HostApiContext): Handlers {
  const forward =
    <C extends EngineRequestChannel>(channel: C) =>
    async (payload: RequestPayload<C>) =>
      unwrap(await ctx.engine.request(channel, payload))
  return {
    'wt-add': async (payload) => {
      if ('torrentId' in payload && !isLinkOrInfoHash(payload.torrentId)) {
        throw new PeerwatchError(
          'BAD_TORRENT_ID',
          'Paste a magnet link, an infohash or a .torrent link, or drop the .torrent file.',
        )
      }
      return unwrap(await ctx.engine.request('wt-add', payload))
    },
    'wt-select-file': forward('wt-select-file'),
    'wt-list': forward('wt-list'),
    'wt-media-info': forward('wt-media-info'),
    'wt-media-plan': forward('wt-media-plan'),
    'wt-remove': async (payload) => {
      const value = unwrap(await ctx.engine.request('wt-remove', payload))
      if (payload.deleteData) ctx.library.forget(payload.infoHash)
      else ctx.library.markInactive(payload.infoHash)
      return value
    },
    'library-list': () => ({ items: ctx.library.items() }),
    'library-play': ({ infoHash, fileIndex }) => playFromLibrary(ctx, infoHash, fileIndex),
    'library-delete': ({ infoHash }) => deleteFromLibrary(ctx, infoHash),
    'library-move': ({ infoHash }) => moveIntoCurrentFolder(ctx, infoHash),
    'player-position': ({ infoHash, fileIndex, position, duration }) => ({
      saved: ctx.library.recordPosition(infoHash, fileIndex, position, duration),
    }),
    'player-playing': ({ playing }) => {
      ctx.onPlayback?.(playing)
      return { playing }
    },
    'player-open-external': (payload) => openInExternalPlayer(ctx, payload),
    'settings-get': () => ctx.settings.get(),
    'settings-set': (payload) => ctx.applySettings(payload),
    'settings-choose': (payload) => ctx.chooseSetting(payload),
    'open-accept': (payload) => ctx.openOffers.accept(payload),
    'open-decline': (payload) => ctx.openOffers.decline(payload),
    'app-info': async () => ({
      shell: ctx.shell,
      version: ctx.version,
      canOpenExternal: Boolean(ctx.openExternal),
      media: ctx.mediaTools ? mediaSummary(await ctx.mediaTools()) : null,
    }),
    search: (payload) => {
      if (!ctx.search) throw new PeerwatchError('UNAVAILABLE', 'Search is not available here.')
      return ctx.search(payload, ctx.settings.get())
    },
    'film-info': async ({ imdb }) => ({ film: ctx.filmInfo ? await ctx.filmInfo(imdb) : null }),
  }
}

/** What the page may know of the media tools: versions and where they came from, never paths. */
function mediaSummary(tools: MediaTools): NonNullable<AppInfo['media']> {
  const tool = (t: MediaTools['ffmpeg']) => (t ? { version: t.version, source: t.source } : null)
  return {
    ffmpeg: tool(tools.ffmpeg),
    ffprobe: tool(tools.ffprobe),
    hardwareEncoders: tools.hardwareEncoders,
  }
}

/** The page may name a torrent only by link or infohash: never make the engine read a local path. */
export function isLinkOrInfoHash(torrentId: string): boolean {
  const id = torrentId.trim()
  return (
    /^magnet:/i.test(id) || HEX_INFOHASH.test(id) || BASE32_INFOHASH.test(id) || /^https?:\/\/\S+$/i.test(id)
  )
}
