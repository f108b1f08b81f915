import type WebTorrent from 'webtorrent'

export function loopbackClient(uploadLimit?: number): WebTorrent
