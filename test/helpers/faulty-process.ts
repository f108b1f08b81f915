import { containFaults, forTorrent } from '../../src-main/engine/fault-containment.js'

// A process whose torrents' code throws where nothing catches it: a timer of one torrent, a
// promise of another, and one fault that belongs to no torrent. With CONTAIN=1 it reports each
// (a JSON line) and goes on; it prints "still serving" if it lives to the end.

if (process.env.CONTAIN === '1') {
  containFaults(({ infoHash, error }) => {
    process.stdout.write(`${JSON.stringify({ infoHash, message: (error as Error).message })}\n`)
  })
}
forTorrent('a'.repeat(40), () => {
  setTimeout(() => {
    throw new Error('thrown from a timer')
  }, 10)
})
forTorrent('b'.repeat(40), () => {
  setTimeout(() => void Promise.reject(new Error('rejected, never awaited')), 20)
})
setTimeout(() => {
  throw new Error('thrown outside any torrent')
}, 30)
setTimeout(() => process.stdout.write('still serving\n'), 200)
