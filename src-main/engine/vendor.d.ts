// Just the surface of webtorrent 3 and parse-torrent 11 that Peerwatch uses: neither ships types.

declare module 'parse-torrent' {
  export interface ParsedTorrent {
    infoHash: string
    name?: string
    announce?: string[]
    urlList?: string[]
    peerAddresses?: string[]
    info?: unknown
    files?: Array<{ path: string; name: string; length: number; offset: number }>
    length?: number
    pieceLength?: number
    [key: string]: unknown
  }
  export default function parseTorrent(torrentId: string | Uint8Array | ParsedTorrent): Promise<ParsedTorrent>
  export function toMagnetURI(parsed: Partial<ParsedTorrent>): string
  export function toTorrentFile(parsed: ParsedTorrent): Uint8Array
}

declare module 'webtorrent' {
  import type { EventEmitter } from 'node:events'

  export interface ChunkStoreGetOptions {
    offset?: number
    length?: number
  }
  export interface ChunkStore {
    readonly chunkLength: number
    put(index: number, buf: Uint8Array, cb?: (err?: Error | null) => void): void
    get(
      index: number,
      opts: ChunkStoreGetOptions | null,
      cb: (err: Error | null, buf?: Uint8Array) => void,
    ): void
    close(cb?: (err?: Error | null) => void): void
    destroy(cb?: (err?: Error | null) => void): void
  }
  export type ChunkStoreConstructor = new (chunkLength: number, opts: Record<string, unknown>) => ChunkStore

  export interface ClientOptions {
    dht?: boolean | object
    lsd?: boolean
    natUpnp?: boolean | 'permanent'
    natPmp?: boolean
    tracker?: boolean | object
    utp?: boolean
    webSeeds?: boolean
    torrentPort?: number
    maxConns?: number
    downloadLimit?: number
    uploadLimit?: number
  }

  export interface AddOptions {
    path?: string
    deselect?: boolean
    store?: ChunkStoreConstructor
    storeOpts?: Record<string, unknown>
    storeCacheSlots?: number
    destroyStoreOnDestroy?: boolean
    announce?: string[]
    skipVerify?: boolean
    strategy?: 'sequential' | 'rarest'
    private?: boolean
    pieceLength?: number
  }

  export interface TorrentFile extends EventEmitter {
    readonly name: string
    readonly path: string
    readonly length: number
    readonly offset: number
    readonly done: boolean
  }

  export interface BitField {
    get(index: number): boolean
    set(index: number, value?: boolean): void
  }

  export interface Wire extends EventEmitter {
    readonly remoteAddress: string
    readonly remotePort: number
    /** The remote's peer id in hex, from its handshake (null before it). */
    readonly peerId: string | null
    readonly lt_donthave?: { donthave(index: number): void }
    readonly peerChoking: boolean
    /** We are choking the peer (we send it nothing it asks for). */
    readonly amChoking: boolean
    downloadSpeed(): number
    /** Wrapped (not replaced) to time each block's round trip. */
    request(
      index: number,
      offset: number,
      length: number,
      cb?: (err: Error | null, buf?: Uint8Array) => void,
    ): void
    /** Withdraws a request: its callback gets an error, and the peer a BEP 3 cancel. */
    cancel(index: number, offset: number, length: number): void
    destroy(): void
    keepAlive(): void
    readonly destroyed: boolean
    /** Which pieces the peer has; hidden per piece while another peer alone fetches it. */
    readonly peerPieces: { get(index: number): boolean; set(index: number, value: boolean): void }
  }

  export interface Torrent extends EventEmitter {
    readonly infoHash: string
    readonly magnetURI: string
    readonly name: string
    readonly length: number
    readonly pieceLength: number
    readonly lastPieceLength: number
    readonly pieces: ReadonlyArray<unknown>
    readonly files: TorrentFile[]
    readonly ready: boolean
    readonly done: boolean
    readonly destroyed: boolean
    readonly downloaded: number
    readonly uploaded: number
    readonly downloadSpeed: number
    readonly uploadSpeed: number
    readonly progress: number
    readonly numPeers: number
    readonly path: string
    readonly bitfield: BitField
    readonly store: ChunkStore
    readonly torrentFile: Uint8Array
    readonly wires: Wire[]
    addPeer(peer: string): boolean
    removePeer(peer: string): void
    critical(start: number, end: number): void
    destroy(opts?: { destroyStore?: boolean }, cb?: (err?: Error | null) => void): void
    /** The raw info dictionary once known (null before). */
    readonly metadata: Uint8Array | null
    /** Private parts of webtorrent are reached only through webtorrent-internals.ts. */
  }

  export default class WebTorrent extends EventEmitter {
    constructor(opts?: ClientOptions)
    readonly torrents: Torrent[]
    readonly destroyed: boolean
    add(torrentId: unknown, opts?: AddOptions, onTorrent?: (torrent: Torrent) => void): Torrent
    seed(
      input: string | string[] | Uint8Array | Array<Uint8Array & { name?: string }>,
      opts?: AddOptions & { name?: string; announce?: string[]; pieceLength?: number },
      onSeed?: (torrent: Torrent) => void,
    ): Torrent
    get(torrentId: string): Promise<Torrent | null>
    remove(
      torrentId: string | Torrent,
      opts?: { destroyStore?: boolean },
      cb?: (err?: Error | null) => void,
    ): Promise<void>
    address(): { address: string; family: string; port: number } | null
    throttleUpload(rate: number): void
    throttleDownload(rate: number): void
    destroy(cb?: (err?: Error | null) => void): void
  }
}

declare module 'bittorrent-protocol' {
  /** webtorrent's wire; the tests build one to reach its (patched) key exchange. */
  export default class Wire {
    constructor(type?: string, peEnabled?: 0 | 1 | 2)
  }
}
