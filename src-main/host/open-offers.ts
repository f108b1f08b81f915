import { randomUUID } from 'node:crypto'
import type { EventPayload, RequestPayload, ResponseValues, Result } from '../../src-shared/contract.js'
import { PeerwatchError } from '../../src-shared/errors.js'
import { resolveTorrentId } from '../engine/torrent-id.js'
import { unwrap } from './library-actions.js'

/** What the OS handed the app: a magnet link, or a .torrent file's bytes. */
export type OfferedTorrent = { torrentId: string } | { torrentFile: Uint8Array }

/** More offers waiting than a person answers: the oldest go. */
const MAX_WAITING = 20

/**
 * Torrents the OS asked the app to open (a magnet link clicked in a browser, a .torrent opened
 * with Peerwatch), held until the person says yes: a link from anywhere would otherwise start a
 * download, its trackers and its peers at once, as torrent clients ask first too. The page is
 * told what it is (`open-offered`) and answers with its id; what is opened is what was offered,
 * never something the page supplies.
 */
export class OpenOffers {
  private readonly waiting = new Map<string, OfferedTorrent>()

  constructor(
    private readonly announce: (offer: EventPayload<'open-offered'>) => void,
    private readonly add: (torrent: OfferedTorrent) => Promise<Result<ResponseValues['wt-add']>>,
  ) {}

  /** Checks what was handed over (a coded error when it is no torrent) and asks the page. */
  async offer(torrent: OfferedTorrent): Promise<string> {
    const parsed = await resolveTorrentId('torrentId' in torrent ? torrent.torrentId : torrent.torrentFile)
    const id = randomUUID()
    this.waiting.set(id, torrent)
    for (const old of this.waiting.keys()) if (this.waiting.size > MAX_WAITING) this.waiting.delete(old)
    this.announce({
      id,
      infoHash: parsed.infoHash,
      name: String(parsed.name ?? parsed.infoHash),
      length: typeof parsed.length === 'number' ? parsed.length : null,
      files: Array.isArray(parsed.files) ? parsed.files.length : null,
      from: 'torrentId' in torrent ? 'link' : 'file',
    })
    return id
  }

  async accept({ id }: RequestPayload<'open-accept'>): Promise<ResponseValues['open-accept']> {
    const torrent = this.take(id)
    if (!torrent) throw new PeerwatchError('BAD_REQUEST', 'That torrent is no longer waiting to be opened.')
    return unwrap(await this.add(torrent))
  }

  decline({ id }: RequestPayload<'open-decline'>): ResponseValues['open-decline'] {
    return { declined: this.take(id) !== undefined }
  }

  private take(id: string): OfferedTorrent | undefined {
    const torrent = this.waiting.get(id)
    this.waiting.delete(id)
    return torrent
  }
}
