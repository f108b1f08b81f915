import type { Api } from '../../src-shared/contract.js'

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting'

/** An Api plus whether it can reach Peerwatch right now (always, over Electron IPC). */
export interface Transport {
  api: Api
  status(): ConnectionStatus
  onStatus(listener: (status: ConnectionStatus) => void): () => void
}
