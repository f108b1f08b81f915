// webtorrent's own HTTP server with its defaults, as webtorrent-desktop streams with it.
import { loopbackClient } from '../loopback-client.mjs'
import { bytesPresent, options, piecesPresent, serve } from './protocol.mjs'

const client = loopbackClient()
const server = client.createServer()
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
let torrent = null
let file = null

serve({
  add: async (magnet, _peers, reportUrl) => {
    torrent = client.add(magnet, { path: options.downloadDir })
    torrent.once('ready', () => {
      file = torrent.files.reduce((a, b) => (b.length > a.length ? b : a))
      reportUrl(`http://127.0.0.1:${server.address().port}${file.streamURL}`)
    })
  },
  has: (start, end) =>
    piecesPresent((i) => torrent.bitfield.get(i), torrent.pieceLength, file.offset, start, end),
  verified: () => bytesPresent((i) => torrent.bitfield.get(i), torrent.pieceLength, file.offset, file.length),
})
