// peerflix (torrent-stream) as its CLI runs it, minus the terminal UI.
const peerflix = require('peerflix')

const options = JSON.parse(process.argv[2] ?? '{}')
let engine = null

function piecesPresent(start, end) {
  const file = engine.server.index
  const first = Math.floor((file.offset + start) / engine.torrent.pieceLength)
  const last = Math.floor((file.offset + end) / engine.torrent.pieceLength)
  for (let i = first; i <= last; i++) if (!engine.bitfield.get(i)) return false
  return true
}

function bytesPresent() {
  const file = engine.server.index
  const size = engine.torrent.pieceLength
  let bytes = 0
  for (let i = Math.floor(file.offset / size); i * size < file.offset + file.length; i++) {
    if (engine.bitfield.get(i))
      bytes += Math.min(file.offset + file.length, (i + 1) * size) - Math.max(file.offset, i * size)
  }
  return bytes
}

process.on('message', (m) => {
  if (m.cmd === 'add') {
    engine = peerflix(m.magnet, {
      dht: false,
      tracker: false,
      path: options.downloadDir,
      hostname: '127.0.0.1',
    })
    for (const peer of m.peers) engine.connect(peer)
    engine.server.on('listening', () => {
      const index = engine.files.indexOf(engine.server.index)
      process.send({ type: 'url', url: `http://127.0.0.1:${engine.server.address().port}/${index}` })
    })
  }
  if (m.cmd === 'has') process.send({ type: 'has', id: m.id, value: piecesPresent(m.start, m.end) })
  if (m.cmd === 'verified') process.send({ type: 'verified', id: m.id, value: bytesPresent() })
})
process.on('disconnect', () => process.exit(0))
process.send({ type: 'ready' })
