/** A short answer of a server's own (an error, a page): assignable to each server's response type. */
export interface TextResponse {
  status: number
  headers: Record<string, string>
  body: string
}

const PLAIN_TEXT = 'text/plain; charset=utf-8'

/**
 * Never cached, never sniffed; `extra` adds headers (Allow, Retry-After, a page's security
 * headers) but the type and length always describe the body.
 */
export function textResponse(
  status: number,
  text: string,
  extra: Record<string, string> = {},
  contentType = PLAIN_TEXT,
): TextResponse {
  const headers = {
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...extra,
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(text)),
  }
  return { status, headers, body: text }
}
