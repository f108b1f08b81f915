/**
 * The keyframe index of a Matroska file (its Cues): film time to the byte where that cluster
 * starts. A conversion that starts at a seek asks the engine for those bytes at once, instead of
 * waiting for ffmpeg to start, read the header and find the same place itself.
 */
export interface CuePoint {
  seconds: number
  offset: number
}

export type ReadBytes = (start: number, end: number) => Promise<Uint8Array>

const EBML_HEADER = 0x1a45dfa3
const SEGMENT = 0x18538067
const SEEK_HEAD = 0x114d9b74
const SEEK = 0x4dbb
const SEEK_ID = 0x53ab
const SEEK_POSITION = 0x53ac
const INFO = 0x1549a966
const TIMECODE_SCALE = 0x2ad7b1
const CUES = 0x1c53bb6b
const CUE_POINT = 0xbb
const CUE_TIME = 0xb3
const CUE_TRACK_POSITIONS = 0xb7
const CUE_CLUSTER_POSITION = 0xf1

const HEAD_BYTES = 64 * 1024
const MAX_CUES_BYTES = 16 * 1024 * 1024

/** The cue points of a Matroska file, or null when it has none this can find (no SeekHead entry). */
export async function readMatroskaCues(read: ReadBytes, fileLength: number): Promise<CuePoint[] | null> {
  const head = await read(0, Math.min(fileLength, HEAD_BYTES) - 1)
  const top = element(head, 0)
  if (!top || top.id !== EBML_HEADER) return null
  const segment = element(head, top.dataStart + top.size)
  if (!segment || segment.id !== SEGMENT) return null
  const segmentStart = segment.dataStart
  let cuesAt: number | null = null
  let scale = 1_000_000
  for (const child of children(head, segmentStart, head.length)) {
    if (child.id === SEEK_HEAD) cuesAt = cuesPosition(head, child) ?? cuesAt
    if (child.id === INFO) scale = timecodeScale(head, child) ?? scale
  }
  if (cuesAt === null) return null
  const cuesStart = segmentStart + cuesAt
  if (cuesStart >= fileLength) return null
  const cuesHead = await read(cuesStart, Math.min(fileLength, cuesStart + 16) - 1)
  const cues = element(cuesHead, 0)
  if (!cues || cues.id !== CUES || cues.size > MAX_CUES_BYTES) return null
  const body = await read(
    cuesStart + cues.dataStart,
    Math.min(fileLength, cuesStart + cues.dataStart + cues.size) - 1,
  )
  return cuePoints(body, scale, segmentStart)
}

/** The last cue at or before `seconds`. */
export function cueBefore(cues: CuePoint[], seconds: number): CuePoint | null {
  let found: CuePoint | null = null
  for (const cue of cues) {
    if (cue.seconds > seconds) break
    found = cue
  }
  return found
}

interface Element {
  id: number
  size: number
  /** Offset of the data from the buffer's start. */
  dataStart: number
}

function cuesPosition(bytes: Uint8Array, seekHead: Element): number | null {
  for (const seek of children(bytes, seekHead.dataStart, seekHead.dataStart + seekHead.size)) {
    if (seek.id !== SEEK) continue
    let id: number | null = null
    let position: number | null = null
    for (const field of children(bytes, seek.dataStart, seek.dataStart + seek.size)) {
      if (field.id === SEEK_ID) id = unsigned(bytes, field)
      if (field.id === SEEK_POSITION) position = unsigned(bytes, field)
    }
    if (id === CUES && position !== null) return position
  }
  return null
}

function timecodeScale(bytes: Uint8Array, info: Element): number | null {
  for (const field of children(bytes, info.dataStart, info.dataStart + info.size)) {
    if (field.id === TIMECODE_SCALE) return unsigned(bytes, field)
  }
  return null
}

function cuePoints(body: Uint8Array, scale: number, segmentStart: number): CuePoint[] {
  const points: CuePoint[] = []
  for (const point of children(body, 0, body.length)) {
    if (point.id !== CUE_POINT) continue
    let time: number | null = null
    let cluster: number | null = null
    for (const field of children(body, point.dataStart, point.dataStart + point.size)) {
      if (field.id === CUE_TIME) time = unsigned(body, field)
      if (field.id === CUE_TRACK_POSITIONS) {
        for (const position of children(body, field.dataStart, field.dataStart + field.size)) {
          if (position.id === CUE_CLUSTER_POSITION) cluster ??= unsigned(body, position)
        }
      }
    }
    if (time !== null && cluster !== null) {
      points.push({ seconds: (time * scale) / 1e9, offset: segmentStart + cluster })
    }
  }
  return points.sort((a, b) => a.seconds - b.seconds)
}

/** The elements between `from` and `to`, stopping at the first that does not fit. */
function* children(bytes: Uint8Array, from: number, to: number): Generator<Element> {
  let at = from
  const end = Math.min(to, bytes.length)
  while (at < end) {
    const next = element(bytes, at)
    if (!next || next.dataStart + next.size > end) {
      // An element running past what was read (a cluster in the head): only its header counts.
      if (next && next.dataStart <= end) yield next
      return
    }
    yield next
    at = next.dataStart + next.size
  }
}

function element(bytes: Uint8Array, at: number): Element | null {
  const id = vint(bytes, at, true)
  if (!id) return null
  const size = vint(bytes, at + id.length, false)
  if (!size) return null
  return { id: id.value, size: size.value, dataStart: at + id.length + size.length }
}

/** An EBML variable-length integer; ids keep their marker bit, sizes drop it. */
function vint(bytes: Uint8Array, at: number, keepMarker: boolean): { value: number; length: number } | null {
  const first = bytes[at]
  if (first === undefined || first === 0) return null
  const length = Math.clz32(first) - 23
  if (length > 8 || at + length > bytes.length) return null
  let value = keepMarker ? first : first & (0xff >> length)
  for (let i = 1; i < length; i++) value = value * 256 + (bytes[at + i] as number)
  return { value, length }
}

function unsigned(bytes: Uint8Array, field: Element): number {
  let value = 0
  for (let i = 0; i < field.size && i < 8; i++) value = value * 256 + (bytes[field.dataStart + i] ?? 0)
  return value
}
