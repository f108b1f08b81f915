// Text framing for transports that carry strings (the headless server's WebSocket): JSON, with
// byte arrays (a dropped .torrent file) as {"$bytes": base64}. IPC and child_process ports carry
// structured clones and need none of this.

const BYTES_KEY = '$bytes'

export function encodeWireMessage(message: unknown): string {
  return JSON.stringify(message, (_key, value: unknown) =>
    value instanceof Uint8Array ? { [BYTES_KEY]: bytesToBase64(value) } : value,
  )
}

/** Throws on text that is not JSON; the caller answers that as a bad message. */
export function decodeWireMessage(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value)
      const encoded = (value as Record<string, unknown>)[BYTES_KEY]
      if (keys.length === 1 && typeof encoded === 'string') return base64ToBytes(encoded)
    }
    return value
  })
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = ''
  const chunk = 0x8000
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk))
  }
  return btoa(binary)
}

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
