import { useStore } from '../store/store.js'

export function ConnectionBanner() {
  const connection = useStore((s) => s.connection)
  const engine = useStore((s) => s.engineStatus)
  const message =
    connection === 'reconnecting'
      ? 'Reconnecting to Peerwatch...'
      : engine === 'restarting'
        ? 'The torrent engine stopped; restarting it...'
        : null
  if (!message) return null
  return (
    <div className="connection-banner" role="status">
      <span className="spinner" aria-hidden="true" />
      {message}
    </div>
  )
}
