import type { ApiError, ErrorCode } from '../../src-preload/contract.js'

/** An error the person can act on: a stable code and one plain sentence, never a stack trace. */
export class PeerwatchError extends Error {
  readonly code: ErrorCode

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'PeerwatchError'
    this.code = code
  }
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof PeerwatchError) return { code: err.code, message: err.message }
  const message = err instanceof Error ? err.message : String(err)
  return { code: 'INTERNAL', message: `Something went wrong inside the engine: ${message}` }
}
