import type { ApiError, EngineEvent, MediaInfo, PlayPlan, RequestPayload } from '../../src-shared/contract.js'

/**
 * What the engine lets a media layer (probe, converter) plug in, without the engine knowing
 * ffmpeg: routes under a file's URL, the media requests, and notice of files opened and closed.
 */
export interface MediaHooks {
  /** Answers `/TOKEN/INFOHASH/INDEX/media/RESOURCE?...` (the token is already checked). */
  route(target: MediaRouteTarget): Promise<MediaResponse>
  info(
    payload: RequestPayload<'wt-media-info'>,
  ): Promise<{ info: MediaInfo | null; problem: ApiError | null }>
  plan(payload: RequestPayload<'wt-media-plan'>): Promise<PlayPlan>
  /** A video file of an open torrent is being streamed. */
  fileOpened(infoHash: string, fileIndex: number): void
  torrentClosed(infoHash: string): void
  close(): Promise<void>
}

export interface MediaRouteTarget {
  method: string
  infoHash: string
  fileIndex: number
  resource: string
  query: URLSearchParams
}

export interface MediaResponse {
  status: number
  headers: Record<string, string>
  body?: AsyncIterable<Uint8Array> | Uint8Array | string
}

/** What the media layer may use of the engine. */
export interface MediaAccess {
  /** A loopback URL of the file for ffmpeg and ffprobe (never one that leaves the machine). */
  localUrl(infoHash: string, fileIndex: number): string
  /** The URL a player uses for a media resource of a file (origin-relative when mounted). */
  resourceUrl(infoHash: string, fileIndex: number, resource: string): string
  /** The file's stream URL as players get it. */
  streamUrl(infoHash: string, fileIndex: number): string
  publish(event: EngineEvent): void
}
