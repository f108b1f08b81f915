import { withMedia } from '../media/index.js'
import { Engine } from './engine.js'
import { engineOptionsSchema } from './engine-options.js'
import { containFaults, describeFault } from './fault-containment.js'
import { electronParentPort, ipcPort, type MessagePortLike } from './port.js'
import { serveEngine } from './worker.js'

// Entry of the engine's own process: Electron's utilityProcess.fork or child_process.fork.
// Options arrive in PEERWATCH_ENGINE_OPTIONS (JSON), validated like any other input.

function parentPort(): MessagePortLike {
  const electron = (process as unknown as { parentPort?: Parameters<typeof electronParentPort>[0] })
    .parentPort
  if (electron) return electronParentPort(electron)
  if (process.send) return ipcPort(process)
  throw new Error('The engine worker must be started by Peerwatch (no parent port).')
}

async function main(): Promise<void> {
  const options = engineOptionsSchema.parse(JSON.parse(process.env.PEERWATCH_ENGINE_OPTIONS ?? '{}'))
  const port = parentPort()
  const engine = withMedia(await Engine.start(options))
  containFaults((fault) => {
    process.stderr.write(`peerwatch engine: ${describeFault(fault)}\n`)
    engine.contain(fault)
  })
  serveEngine(engine, port)
  port.postMessage({
    kind: 'event',
    event: 'wt-ready',
    payload: { origin: engine.origin, peerPort: engine.peerPort },
  })
  const shutdown = (): void => void engine.close().finally(() => process.exit(0))
  process.on('SIGTERM', shutdown)
  process.on('disconnect', shutdown)
}

main().catch((err: unknown) => {
  process.stderr.write(`peerwatch engine: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
