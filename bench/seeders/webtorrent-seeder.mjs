// One webtorrent seeder of the benchmark swarm, in its own process, capped at its own upload rate.
import { readFileSync } from 'node:fs'
import { loopbackClient } from '../loopback-client.mjs'

const { torrentPath, dataDir, uploadLimit, verify } = JSON.parse(process.argv[2])
const client = loopbackClient(uploadLimit)
// A partial seeder (verify) selects nothing: it serves what it has and never fetches the rest.
const torrent = client.add(readFileSync(torrentPath), {
  path: dataDir,
  skipVerify: !verify,
  deselect: verify,
})
const announce = () => process.send({ type: 'seeding', port: client.address().port })
torrent.once('ready', () => (client.address() ? announce() : client.once('listening', announce)))
torrent.on('error', (err) => {
  process.stderr.write(`seeder: ${err.message}\n`)
  process.exit(1)
})
process.on('disconnect', () => process.exit(0))
