import { createHash } from 'node:crypto'
import { createServer, type Server, type Socket } from 'node:net'
import createTorrent from 'create-torrent'
import parseTorrent, { toTorrentFile } from 'parse-torrent'
import { listen } from '../../src-main/engine/server-listen.js'
import { patternBytes } from './swarm.js'

export interface CraftedTorrent {
  /** The .torrent file. */
  bytes: Uint8Array
  infoHash: string
  /** The bencoded info dictionary: what peers send for a magnet. */
  infoBuffer: Uint8Array
}

/** A well-formed 64 KiB torrent whose info dictionary `edit` then changes, as a forger would. */
export async function craftedTorrent(edit: (info: Record<string, unknown>) => void): Promise<CraftedTorrent> {
  const made = await new Promise<Uint8Array>((resolve, reject) =>
    createTorrent(
      Buffer.from(patternBytes(64 * 1024, 5)),
      { name: 'Crafted Film.mkv', pieceLength: 16 * 1024, announceList: [] },
      (err, torrent) => (err ? reject(err) : resolve(torrent)),
    ),
  )
  const parsed = await parseTorrent(made)
  edit(parsed.info as Record<string, unknown>)
  const bytes = toTorrentFile(parsed)
  const infoBuffer = infoDictionary(bytes)
  return { bytes, infoBuffer, infoHash: createHash('sha1').update(infoBuffer).digest('hex') }
}

/** The info dictionary's bytes inside a .torrent, as they were encoded. */
function infoDictionary(torrent: Uint8Array): Uint8Array {
  const start = Buffer.from(torrent).indexOf('4:infod') + '4:info'.length
  if (start < '4:info'.length) throw new Error('no info dictionary')
  return torrent.subarray(start, endOfValue(torrent, start))
}

/** Where the bencoded value starting at `at` ends. */
function endOfValue(b: Uint8Array, at: number): number {
  const c = String.fromCharCode(b[at] ?? 0)
  if (c === 'i') return Buffer.from(b).indexOf('e', at) + 1
  if (c === 'l' || c === 'd') {
    let next = at + 1
    while (b[next] !== 0x65 /* e */) next = endOfValue(b, next)
    return next + 1
  }
  const colon = Buffer.from(b).indexOf(':', at)
  return colon + 1 + Number(Buffer.from(b.subarray(at, colon)).toString())
}

const PROTOCOL = 'BitTorrent protocol'
const HANDSHAKE_LENGTH = 1 + PROTOCOL.length + 8 + 20 + 20
const EXTENDED = 20
const OUR_UT_METADATA = 1

/**
 * A peer that knows only a torrent's metadata and hands it to whoever asks (BEP 9), whatever
 * it says: how a crafted info dictionary reaches a magnet. It has no pieces.
 */
export async function metadataPeer(
  infoHash: string,
  infoBuffer: Uint8Array,
): Promise<{ address: string; close(): void }> {
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => {})
    socket.on('close', () => sockets.delete(socket))
    let buffered = Buffer.alloc(0)
    let greeted = false
    let theirUtMetadata = 0
    const send = (id: number, payload: Buffer): void => {
      const head = Buffer.alloc(5)
      head.writeUInt32BE(payload.length + 1)
      head[4] = id
      socket.write(Buffer.concat([head, payload]))
    }
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk])
      if (!greeted) {
        if (buffered.length < HANDSHAKE_LENGTH) return
        buffered = buffered.subarray(HANDSHAKE_LENGTH)
        greeted = true
        const reserved = Buffer.alloc(8)
        reserved[5] = 0x10 // the extension protocol (BEP 10)
        socket.write(
          Buffer.concat([
            Buffer.from([PROTOCOL.length]),
            Buffer.from(PROTOCOL),
            reserved,
            Buffer.from(infoHash, 'hex'),
            Buffer.from('-XX0001-crafted00000'),
          ]),
        )
        const handshake = `d1:md11:ut_metadatai${OUR_UT_METADATA}ee13:metadata_sizei${infoBuffer.length}ee`
        send(EXTENDED, Buffer.concat([Buffer.from([0]), Buffer.from(handshake)]))
      }
      while (buffered.length >= 4 && buffered.length >= 4 + buffered.readUInt32BE(0)) {
        const length = buffered.readUInt32BE(0)
        const message = buffered.subarray(4, 4 + length)
        buffered = buffered.subarray(4 + length)
        if (message[0] !== EXTENDED) continue
        const text = message.subarray(2).toString('latin1')
        if (message[1] === 0) theirUtMetadata = Number(/11:ut_metadatai(\d+)e/.exec(text)?.[1] ?? 0)
        const piece = /8:msg_typei0e5:piecei(\d+)e/.exec(text)?.[1]
        if (message[1] !== OUR_UT_METADATA || piece === undefined || theirUtMetadata === 0) continue
        const data = infoBuffer.subarray(Number(piece) * 16384, (Number(piece) + 1) * 16384)
        const header = `d8:msg_typei1e5:piecei${piece}e10:total_sizei${infoBuffer.length}ee`
        send(EXTENDED, Buffer.concat([Buffer.from([theirUtMetadata]), Buffer.from(header), data]))
      }
    })
  })
  const port = await listen(server, 0, '127.0.0.1')
  return {
    address: `127.0.0.1:${port}`,
    close: () => {
      for (const socket of sockets) socket.destroy()
      server.close()
    },
  }
}
