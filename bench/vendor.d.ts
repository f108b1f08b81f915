declare module 'create-torrent' {
  export default function createTorrent(
    input: string | Uint8Array,
    opts: { name?: string; pieceLength?: number; announceList?: string[][]; createdBy?: string },
    cb: (err: Error | null, torrent: Uint8Array) => void,
  ): void
}
