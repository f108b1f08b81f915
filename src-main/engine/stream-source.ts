/**
 * What the range server needs from the engine, and nothing more: a way to find a file of a
 * torrent and read verified bytes of it. Keeps the HTTP core a pure function of its inputs.
 */
export interface StreamableFile {
  /** File name inside the torrent; its extension decides the Content-Type. */
  readonly name: string
  readonly length: number
  /**
   * The bytes [start, end] (inclusive), yielded as soon as each piece verifies. Ending the
   * iteration early (iterator.return) releases the reader and its playhead.
   */
  read(start: number, end: number): AsyncIterable<Uint8Array>
}

export type StreamLookup =
  | { state: 'ready'; file: StreamableFile }
  /** The torrent is known but its metadata has not arrived yet. */
  | { state: 'pending' }
  | { state: 'missing' }

export interface StreamCatalog {
  lookup(infoHash: string, fileIndex: number): StreamLookup
}
