// peerflix (torrent-stream) as its CLI runs it, minus the terminal UI.
const peerflix = require('peerflix')

const options = JSON.parse(process.argv[2] ?? '{}')
let engine = null

// The shared helpers are ES modules; this file is CommonJS because peerflix is.
const protocol = import('./protocol.mjs')
const hasPiece = (i) => engine.bitfield.get(i)

process.on('message', async (m) => {
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
  if (m.cmd === 'has' || m.cmd === 'verified') {
    const { piecesPresent, bytesPresent } = await protocol
    const file = engine.server.index
    const size = engine.torrent.pieceLength
    const value =
      m.cmd === 'has'
        ? piecesPresent(hasPiece, size, file.offset, m.start, m.end)
        : bytesPresent(hasPiece, size, file.offset, file.length)
    process.send({ type: m.cmd, id: m.id, value })
  }
})
process.on('disconnect', () => process.exit(0))
process.send({ type: 'ready' })
