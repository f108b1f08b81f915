import { connect, createServer, type Socket } from 'node:net'

export interface Relay {
  port: number
  close(): void
}

/**
 * Relays each connection on 127.0.0.1 to `targetPort` from an address of its own in 127.0.0.0/8:
 * a client that keeps one connection per peer address (Transmission) then accepts several peers
 * that all come from 127.0.0.1.
 */
export async function startSourceAddressRelay(targetPort: number): Promise<Relay> {
  const sockets = new Set<Socket>()
  let connections = 0
  const server = createServer({ allowHalfOpen: true }, (client) => {
    connections += 1
    const localAddress = `127.1.${Math.floor(connections / 250) % 250}.${(connections % 250) + 1}`
    const upstream = connect({ host: '127.0.0.1', port: targetPort, localAddress, allowHalfOpen: true })
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true)
      sockets.add(socket)
      socket.once('close', () => {
        sockets.delete(socket)
        client.destroy()
        upstream.destroy()
      })
      socket.once('error', () => socket.destroy())
    }
    client.pipe(upstream)
    upstream.pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as { port: number }).port,
    close() {
      for (const socket of sockets) socket.destroy()
      server.close()
    },
  }
}
