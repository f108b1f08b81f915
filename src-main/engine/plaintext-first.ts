import type { Torrent as WebTorrentTorrent } from 'webtorrent'
import { chooseEncryption } from './webtorrent-internals.js'

/**
 * A connection we dial starts with the plain BitTorrent handshake. webtorrent opens with the
 * encryption handshake (MSE) by default, which costs two more round trips before it: 50-70 ms a
 * peer on the `wan` bench swarm, and a film's first byte waits on them. Every common client
 * accepts both. A peer that insists on encryption closes the plain connection, and webtorrent's
 * reconnect a second later (and every later one) opens encrypted.
 */
export function plaintextFirst(torrent: WebTorrentTorrent): void {
  chooseEncryption(torrent, (attempt) => attempt > 0)
}
