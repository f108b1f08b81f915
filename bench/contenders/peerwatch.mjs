// Peerwatch's engine from the build (disk store, or `store: 'memory'`).
import { Engine } from '../../out/main/engine.js'
import { options, serve } from './protocol.mjs'

const engine = await Engine.start({
  downloadDir: options.downloadDir,
  store: options.store ?? 'disk',
  discovery: false,
  idleSeconds: 86_400,
})
let stream = null

serve({
  add: async (magnet, _peers, reportUrl) => {
    engine.on('event', (e) => {
      if (e.event !== 'wt-server-running') return
      stream = e.payload
      reportUrl(e.payload.url)
    })
    await engine.add({ torrentId: magnet })
  },
  has: (start, end) =>
    engine.fileRanges(stream.infoHash, stream.fileIndex).some(([s, e]) => s <= start && e >= end),
  // Memory mode forgets what it evicts: count what it stored (the bench's torrents hold one file).
  verified: () =>
    engine.memoryStats(stream.infoHash)?.storedBytes ??
    engine.fileRanges(stream.infoHash, stream.fileIndex).reduce((sum, [s, e]) => sum + e - s + 1, 0),
})
