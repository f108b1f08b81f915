// libtorrent 2 (Debian's python3-libtorrent) streaming with piece deadlines, as libtorrent-based
// streamers do; the engine and its HTTP server run in libtorrent_stream.py, driven over its stdio.
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { options, serve } from './protocol.mjs'

// Debian's interpreter by its path: the bindings are installed for it, not for a python3 earlier
// in PATH (pyenv).
const engine = spawn(
  '/usr/bin/python3',
  [new URL('./libtorrent_stream.py', import.meta.url).pathname, JSON.stringify(options)],
  { stdio: ['pipe', 'pipe', 'inherit'] },
)
engine.once('exit', (code) => {
  process.stderr.write(`libtorrent: the engine exited with ${code}\n`)
  process.exit(1)
})
process.once('exit', () => engine.kill('SIGKILL'))

const waiting = new Map()
createInterface({ input: engine.stdout }).on('line', (line) => {
  const m = JSON.parse(line)
  const key = m.type === 'has' || m.type === 'verified' ? `${m.type} ${m.id}` : m.type
  waiting.get(key)?.(m)
  waiting.delete(key)
})
const next = (key) => new Promise((resolve) => waiting.set(key, resolve))
const tell = (m) => engine.stdin.write(`${JSON.stringify(m)}\n`)

await next('ready')
let nextId = 1
const ask = async (message) => {
  const id = nextId++
  const answer = next(`${message.cmd} ${id}`)
  tell({ ...message, id })
  return (await answer).value
}

serve({
  add: async (magnet, peers, reportUrl) => {
    const url = next('url')
    tell({ cmd: 'add', magnet, peers })
    reportUrl((await url).url)
  },
  has: (start, end) => ask({ cmd: 'has', start, end }),
  verified: () => ask({ cmd: 'verified' }),
  pids: [engine.pid],
})
