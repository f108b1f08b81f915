declare module 'create-torrent' {
  export default function createTorrent(
    input: string,
    opts: { pieceLength?: number; announceList?: string[][]; createdBy?: string },
    cb: (err: Error | null, torrent: Uint8Array) => void,
  ): void
}
