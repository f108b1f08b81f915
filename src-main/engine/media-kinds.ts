import type { FileKind } from '../../src-shared/contract.js'

const VIDEO_TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mkv: 'video/x-matroska',
  webm: 'video/webm',
  mov: 'video/quicktime',
  avi: 'video/x-msvideo',
  ts: 'video/mp2t',
  m2ts: 'video/mp2t',
  mpg: 'video/mpeg',
  wmv: 'video/x-ms-wmv',
  ogv: 'video/ogg',
}

const SUBTITLE_TYPES: Record<string, string> = {
  srt: 'text/vtt', // converted to WebVTT when served
  vtt: 'text/vtt',
  ass: 'text/x-ssa',
}

// Browsers can usually decode these; the rest plays in VLC. Used to break ties, never to hide a file.
const BROWSER_FRIENDLY = new Set(['mp4', 'm4v', 'webm', 'mkv'])

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase()
}

export function fileKind(name: string): FileKind {
  const ext = extensionOf(name)
  if (Object.hasOwn(VIDEO_TYPES, ext)) return 'video'
  if (Object.hasOwn(SUBTITLE_TYPES, ext)) return 'subtitle'
  return 'other'
}

/** The Content-Type a file is served with (subtitles as what the server turns them into). */
export function contentType(name: string): string {
  const ext = extensionOf(name)
  return VIDEO_TYPES[ext] ?? SUBTITLE_TYPES[ext] ?? 'application/octet-stream'
}

export function isSrt(name: string): boolean {
  return extensionOf(name) === 'srt'
}

/**
 * The file to play when the person has not picked one: the largest video, so a "sample" or
 * trailer listed first never wins. Among equal sizes a browser-friendly container wins.
 */
export function defaultFileIndex(
  files: ReadonlyArray<{ index: number; name: string; length: number }>,
): number | null {
  let best: { index: number; name: string; length: number } | null = null
  for (const file of files) {
    if (fileKind(file.name) !== 'video') continue
    if (
      !best ||
      file.length > best.length ||
      (file.length === best.length &&
        BROWSER_FRIENDLY.has(extensionOf(file.name)) &&
        !BROWSER_FRIENDLY.has(extensionOf(best.name)))
    ) {
      best = file
    }
  }
  return best ? best.index : null
}
