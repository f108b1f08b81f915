import {
  ERROR_CODES,
  type ErrorCode,
  type EventPayload,
  type RequestPayload,
  type ResponseValues,
  type Result,
} from '../../src-shared/contract.js'
import { PeerwatchError } from '../../src-shared/errors.js'
import { removeDownload, torrentFilePath } from '../engine/download-layout.js'
import { pathExists } from '../engine/path-exists.js'
import { moveDownload } from './download-move.js'
import type { EngineSupervisor } from './engine-supervisor.js'
import type { Library } from './library.js'
import type { SettingsService } from './settings.js'
import type { AppHostOptions } from './types.js'

/** What the library and player requests need from the host. */
export interface LibraryActionsContext {
  engine: Pick<EngineSupervisor, 'request' | 'running'>
  library: Library
  settings: SettingsService
  openExternal?: AppHostOptions['openExternal']
  /** Told how a move into the current download folder goes. */
  moveProgress?: (progress: EventPayload<'library-move-progress'>) => void
}

/** An engine answer as a value, or its error thrown again as a PeerwatchError. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value
  throw new PeerwatchError(result.error.code, result.error.message)
}

/**
 * Opens a library item again: from the .torrent kept beside its data (the host may hand the
 * engine a path; the page never can), else from the saved magnet.
 */
export async function playFromLibrary(
  ctx: LibraryActionsContext,
  infoHash: string,
  fileIndex?: number,
): Promise<ResponseValues['library-play']> {
  // Kept in an earlier download folder: brought here first, so it plays from what it has.
  if (ctx.library.folderOf(infoHash)) await moveIntoCurrentFolder(ctx, infoHash)
  const torrentPath = torrentFilePath(ctx.settings.get().downloadDir, infoHash)
  const hasTorrentFile = await pathExists(torrentPath)
  const magnet = ctx.library.magnetOf(infoHash)
  if (!hasTorrentFile && !magnet) {
    throw new PeerwatchError('NO_SUCH_TORRENT', 'This download is no longer on this computer.')
  }
  // Already open and no file named: announce its stream again so the player gets its URL.
  const openFile = fileIndex === undefined ? await selectedFile(ctx, infoHash) : null
  const add = (torrentId: string) => ctx.engine.request('wt-add', { torrentId, fileIndex })
  let added = await add(hasTorrentFile ? torrentPath : (magnet as string))
  if (!added.ok && hasTorrentFile && magnet && added.error.code === 'BAD_TORRENT_FILE') {
    added = await add(magnet)
  }
  const value = unwrap(added)
  if (openFile !== null) unwrap(await ctx.engine.request('wt-select-file', { infoHash, fileIndex: openFile }))
  return value
}

/**
 * Moves downloads kept in earlier download folders (all, or one) into the one downloads go to
 * now, one after another, with progress; a closed download only (an open one is already here).
 */
export async function moveIntoCurrentFolder(
  ctx: LibraryActionsContext,
  only?: string,
): Promise<ResponseValues['library-move']> {
  let moved = 0
  for (const item of ctx.library.items()) {
    const from = item.folder
    if (!from || item.active || (only && item.infoHash !== only)) continue
    const report = (bytes: number, total: number): void =>
      ctx.moveProgress?.({ infoHash: item.infoHash, name: item.name, moved: bytes, total })
    try {
      await moveDownload(from, ctx.settings.get().downloadDir, item.infoHash, report)
    } catch (err) {
      if (err instanceof PeerwatchError) throw err
      throw new PeerwatchError('STORAGE_FAILED', `Could not move "${item.name}": ${(err as Error).message}`)
    }
    ctx.library.movedHere(item.infoHash)
    moved += 1
  }
  return { moved }
}

/** Closes it if open, deletes its data and .torrent, and forgets it. */
export async function deleteFromLibrary(
  ctx: LibraryActionsContext,
  infoHash: string,
): Promise<ResponseValues['library-delete']> {
  let closed = false
  if (await ctx.engine.running()) {
    const result = await ctx.engine.request('wt-remove', { infoHash, deleteData: true })
    closed = result.ok && result.value.removed
  }
  // Also when the engine is down or failed to delete: the person asked for the space back.
  await removeDownload(ctx.library.folderOf(infoHash) ?? ctx.settings.get().downloadDir, infoHash)
  const forgotten = ctx.library.forget(infoHash)
  return { removed: forgotten || closed }
}

/** Hands the stream of one file to VLC (or the configured player) where the person sits. */
export async function openInExternalPlayer(
  ctx: LibraryActionsContext,
  { infoHash, fileIndex }: RequestPayload<'player-open-external'>,
): Promise<ResponseValues['player-open-external']> {
  if (!ctx.openExternal) {
    throw new PeerwatchError(
      'UNAVAILABLE',
      'Open in VLC is available in the desktop app; copy the stream URL instead.',
    )
  }
  const url = await streamUrl(ctx, infoHash, fileIndex)
  const item = ctx.library.get(infoHash)
  const title = item?.files[fileIndex]?.name ?? item?.name ?? infoHash
  try {
    await ctx.openExternal(url, title, ctx.settings.get().externalPlayerPath)
  } catch (err) {
    throw asCodedError(err)
  }
  return { launched: true }
}

async function streamUrl(ctx: LibraryActionsContext, infoHash: string, fileIndex: number): Promise<string> {
  const { torrents } = unwrap(await ctx.engine.request('wt-list', {}))
  const open = torrents.find((t) => t.infoHash === infoHash)
  if (open?.fileIndex === fileIndex && open.url) return open.url
  return unwrap(await ctx.engine.request('wt-select-file', { infoHash, fileIndex })).url
}

async function selectedFile(ctx: LibraryActionsContext, infoHash: string): Promise<number | null> {
  const list = await ctx.engine.request('wt-list', {})
  if (!list.ok) return null
  return list.value.torrents.find((t) => t.infoHash === infoHash)?.fileIndex ?? null
}

/** Errors from the player launcher (or any module) that already carry one of our codes keep it. */
export function asCodedError(err: unknown): unknown {
  if (err instanceof PeerwatchError) return err
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code)) {
    const message = err instanceof Error && err.message ? err.message : 'The player could not be started.'
    return new PeerwatchError(code as ErrorCode, message)
  }
  return err
}
