import type WebTorrent from 'webtorrent'

/** `peerId`: a BEP 20 peer id in hex (default: webtorrent's own). */
export function loopbackClient(uploadLimit?: number, peerId?: string): WebTorrent
