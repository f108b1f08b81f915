import { connectStore } from '../store/connect-store.js'
import { startHashRouting } from '../store/navigation.js'
import type { Transport } from '../transport/connection.js'

/** Everything that runs once per page load, before the first render. */
export function startApp(transport: Transport): () => void {
  const stopRouting = startHashRouting()
  const disconnect = connectStore(transport)
  return () => {
    disconnect()
    stopRouting()
  }
}
