export type ParsedRange =
  | { kind: 'none' }
  | { kind: 'range'; start: number; end: number }
  | { kind: 'unsatisfiable' }

const MAX_HEADER_LENGTH = 200
// HTTP's optional whitespace is spaces and tabs only.
const SINGLE_BYTE_RANGE = /^[ \t]*bytes[ \t]*=[ \t]*(\d*)[ \t]*-[ \t]*(\d*)[ \t]*$/i
const NONE: ParsedRange = { kind: 'none' }
const UNSATISFIABLE: ParsedRange = { kind: 'unsatisfiable' }

/**
 * Reads a Range header against a representation of `length` bytes. An invalid or multi-range
 * header is ignored ('none': answer 200 with the whole file), as RFC 7233 allows. Never throws.
 */
export function parseRange(header: string | undefined, length: number): ParsedRange {
  if (typeof header !== 'string' || header.length > MAX_HEADER_LENGTH) return NONE
  if (!Number.isSafeInteger(length) || length < 0) return NONE
  const match = SINGLE_BYTE_RANGE.exec(header)
  if (!match) return NONE
  const first = toSafeInteger(match[1] ?? '')
  const last = toSafeInteger(match[2] ?? '')
  if (first === null || last === null) return NONE
  if (first === undefined) return last === undefined ? NONE : suffixRange(last, length)
  if (last !== undefined && first > last) return NONE
  if (first >= length) return UNSATISFIABLE
  const end = last === undefined ? length - 1 : Math.min(last, length - 1)
  return { kind: 'range', start: first, end }
}

function suffixRange(suffixLength: number, length: number): ParsedRange {
  if (suffixLength === 0 || length === 0) return UNSATISFIABLE
  return { kind: 'range', start: Math.max(0, length - suffixLength), end: length - 1 }
}

/** undefined for an absent number, null for one too large to be exact. */
function toSafeInteger(digits: string): number | undefined | null {
  if (digits === '') return undefined
  const value = Number(digits)
  return Number.isSafeInteger(value) ? value : null
}
