import WebTorrent from 'webtorrent'
import { PeerwatchError } from '../../src-shared/errors.js'
import type { ResolvedEngineOptions } from './engine-options.js'

/** The one webtorrent client, and when it listens on its BitTorrent port (or cannot). */
export function startClient(opts: Pick<ResolvedEngineOptions, 'discovery' | 'torrentPort'>): {
  client: WebTorrent
  listening: Promise<void>
} {
  const discovery = opts.discovery
  const client = new WebTorrent({
    dht: discovery,
    lsd: discovery,
    natUpnp: discovery,
    natPmp: discovery,
    utp: false,
    ...(opts.torrentPort === undefined ? {} : { torrentPort: opts.torrentPort }),
  })
  const listening = new Promise<void>((resolve, reject) => {
    client.once('listening', () => resolve())
    client.once('error', (err: Error) =>
      reject(new PeerwatchError('TORRENT_FAILED', `Could not open the BitTorrent port: ${err.message}`)),
    )
  })
  return { client, listening }
}

export function destroyClient(client: WebTorrent): Promise<void> {
  return new Promise((resolve) => client.destroy(() => resolve()))
}
