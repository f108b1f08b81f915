import type { ApiError, ErrorCode } from './contract.js'

/** An error the person can act on: a stable code and one plain sentence, never a stack trace. */
export class PeerwatchError extends Error {
  readonly code: ErrorCode
  /** The request field it is about, when it is about one. */
  readonly field: string | undefined

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; field?: string | undefined }) {
    super(message, options)
    this.name = 'PeerwatchError'
    this.code = code
    this.field = options?.field
  }
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof PeerwatchError)
    return { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) }
  const message = err instanceof Error ? err.message : String(err)
  return { code: 'INTERNAL', message: `Something went wrong inside the engine: ${message}` }
}
