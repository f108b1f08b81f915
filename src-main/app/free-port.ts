import { createServer } from 'node:net'

/**
 * A loopback TCP port that is free now. The desktop gives it to every engine it starts, so the
 * stream origin (named in the page's CSP) stays the same across engine restarts.
 */
export function freeLoopbackPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, host, () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => (port ? resolve(port) : reject(new Error('No free loopback port.'))))
    })
  })
}
