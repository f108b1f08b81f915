import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { freeLoopbackPort } from '../../src-main/app/free-port.js'
import { engineOptionsSchema } from '../../src-main/engine/engine-options.js'
import { httpGet, startTestEngine } from '../helpers/engine.js'

describe('a fixed stream port (the desktop page CSP names it)', () => {
  it('finds a free loopback port', async () => {
    const port = await freeLoopbackPort()
    expect(port).toBeGreaterThan(0)
    // Free means something can listen there now.
    const server = createServer()
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', resolve)
    })
    await new Promise((resolve) => server.close(resolve))
  })

  it('listens where streamPort says, and serves there', async () => {
    const port = await freeLoopbackPort()
    const test = await startTestEngine({ streamPort: port })
    try {
      expect(test.engine.origin).toBe(`http://127.0.0.1:${port}`)
      const answer = await httpGet(`http://127.0.0.1:${port}/`)
      expect(answer.status).toBe(404)
    } finally {
      await test.close()
    }
    // A new engine (a restart) gets the same port once the old one is closed.
    const again = await startTestEngine({ streamPort: port })
    expect(again.engine.origin).toBe(`http://127.0.0.1:${port}`)
    await again.close()
  })

  it('takes any free port for 0 or no streamPort', async () => {
    for (const streamPort of [0, undefined]) {
      const test = await startTestEngine(streamPort === undefined ? {} : { streamPort })
      expect(test.engine.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(test.engine.origin).not.toBe('http://127.0.0.1:0')
      await test.close()
    }
  })

  it('fails to start when the port is taken, rather than streaming elsewhere', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const address = blocker.address()
    const port = typeof address === 'object' && address ? address.port : 0
    try {
      await expect(startTestEngine({ streamPort: port })).rejects.toThrow(/EADDRINUSE/)
    } finally {
      await new Promise((resolve) => blocker.close(resolve))
    }
  })

  it('accepts streamPort from the worker environment only as a port number', () => {
    const base = { downloadDir: '/tmp/x' }
    expect(engineOptionsSchema.parse({ ...base, streamPort: 41234 }).streamPort).toBe(41234)
    for (const streamPort of [-1, 70_000, 1.5, '8080']) {
      expect(engineOptionsSchema.safeParse({ ...base, streamPort }).success).toBe(false)
    }
  })
})
