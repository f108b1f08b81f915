import { connect, createServer, type Server, type Socket } from 'node:net'

// A loopback TCP proxy that delays every byte by a one-way latency (with jitter), so a seeder
// behind it is as far away as a peer on the internet: this machine's kernel has no netem.

export interface DelayProxyOptions {
  /** The seeder's own port on 127.0.0.1. */
  targetPort: number
  /** Half the round trip, added in each direction. */
  oneWayMs: number
  /** Up to this much more, at random, per chunk (order is kept). */
  jitterMs?: number
  random?: () => number
}

export interface DelayProxy {
  /** 127.0.0.1:PORT to give peers instead of the seeder's own address. */
  address: string
  port: number
  /** While down, connections are cut and new ones refused: the seeder has left. */
  setDown(down: boolean): void
  close(): Promise<void>
}

export async function startDelayProxy(options: DelayProxyOptions): Promise<DelayProxy> {
  const sockets = new Set<Socket>()
  let down = false
  // Half-open both ways: a peer that finishes sending still gets the answers in flight.
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    if (down) {
      client.destroy()
      return
    }
    const upstream = connect({ port: options.targetPort, host: '127.0.0.1', allowHalfOpen: true })
    for (const s of [client, upstream]) {
      s.setNoDelay(true)
      sockets.add(s)
      s.once('close', () => sockets.delete(s))
    }
    const close = (): void => {
      client.destroy()
      upstream.destroy()
    }
    delayed(client, upstream, options, close)
    delayed(upstream, client, options, close)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    address: `127.0.0.1:${port}`,
    port,
    setDown(value) {
      down = value
      if (value) for (const s of sockets) s.destroy()
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

/** Copies `from` to `to`, each chunk after the delay and never before the chunk ahead of it. */
function delayed(from: Socket, to: Socket, options: DelayProxyOptions, close: () => void): void {
  const random = options.random ?? Math.random
  const queue: Array<{ due: number; chunk: Buffer }> = []
  let ended = false
  let timer: NodeJS.Timeout | null = null
  const drain = (): void => {
    timer = null
    const now = Date.now()
    while (queue.length > 0 && (queue[0]?.due ?? 0) <= now) {
      const next = queue.shift()
      if (next && !to.destroyed) to.write(next.chunk)
    }
    if (queue.length > 0) timer = setTimeout(drain, (queue[0]?.due ?? now) - now)
    else if (ended && !to.destroyed) to.end()
  }
  from.on('data', (chunk: Buffer) => {
    const last = queue.at(-1)?.due ?? 0
    queue.push({
      due: Math.max(last, Date.now() + options.oneWayMs + random() * (options.jitterMs ?? 0)),
      chunk,
    })
    timer ??= setTimeout(drain, (queue[0]?.due ?? 0) - Date.now())
  })
  from.once('end', () => {
    ended = true
    if (queue.length === 0 && !timer && !to.destroyed) to.end()
  })
  from.once('error', close)
  from.once('close', () => {
    if (!ended) close()
  })
}
