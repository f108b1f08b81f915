// What every contender process speaks to the benchmark, so they are all measured the same way:
//   parent -> { cmd: 'add', magnet, peers }      child -> { type: 'url', url }
//   parent -> { cmd: 'has', id, start, end }     child -> { type: 'has', id, value }
//   parent -> { cmd: 'verified', id }            child -> { type: 'verified', id, value }
// (`value` of `verified`: bytes of the film downloaded and checked.)
// The child sends { type: 'ready', pids } once its engine is up (not timed); `pids` are the other
// processes its engine runs in, whose memory counts as its own.

export function serve({ add, has, verified, pids = [] }) {
  process.on('message', async (m) => {
    try {
      if (m.cmd === 'add') await add(m.magnet, m.peers, (url) => process.send({ type: 'url', url }))
      if (m.cmd === 'has') process.send({ type: 'has', id: m.id, value: await has(m.start, m.end) })
      if (m.cmd === 'verified') process.send({ type: 'verified', id: m.id, value: await verified() })
    } catch (err) {
      process.stderr.write(`contender: ${err?.stack ?? err}\n`)
      process.exit(1)
    }
  })
  process.on('disconnect', () => process.exit(0))
  process.send({ type: 'ready', pids })
}

/** True when every piece holding bytes [start, end] of a file at `fileOffset` is present. */
export function piecesPresent(hasPiece, pieceLength, fileOffset, start, end) {
  const first = Math.floor((fileOffset + start) / pieceLength)
  const last = Math.floor((fileOffset + end) / pieceLength)
  for (let i = first; i <= last; i++) if (!hasPiece(i)) return false
  return true
}

/** Bytes of a file at `fileOffset` that lie in pieces present. */
export function bytesPresent(hasPiece, pieceLength, fileOffset, fileLength) {
  let bytes = 0
  const first = Math.floor(fileOffset / pieceLength)
  const last = Math.floor((fileOffset + fileLength - 1) / pieceLength)
  for (let i = first; i <= last; i++) {
    if (!hasPiece(i)) continue
    const from = Math.max(fileOffset, i * pieceLength)
    const to = Math.min(fileOffset + fileLength, (i + 1) * pieceLength)
    bytes += to - from
  }
  return bytes
}

export const options = JSON.parse(process.argv[2] ?? '{}')
