import type { Engine } from '../engine/engine.js'
import { mediaLayer } from './media-service.js'
import { findMediaTools, type MediaTools } from './media-tools.js'

export { describeTool, findMediaTools, type MediaTools } from './media-tools.js'

let processTools: Promise<MediaTools> | null = null

/** ffmpeg and ffprobe as this process finds them, looked up once. */
export function mediaTools(): Promise<MediaTools> {
  processTools ??= findMediaTools()
  return processTools
}

/** Gives an engine its media layer: every video it streams is probed, and converted on demand. */
export function withMedia(engine: Engine, tools: Promise<MediaTools> = mediaTools()): Engine {
  engine.attachMedia(mediaLayer(tools))
  return engine
}
