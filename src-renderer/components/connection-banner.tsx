import { useStore } from '../store/store.js'

export function ConnectionBanner() {
  const connection = useStore((s) => s.connection)
  if (connection !== 'reconnecting') return null
  return (
    <div className="connection-banner" role="status">
      <span className="spinner" aria-hidden="true" />
      Reconnecting to Peerwatch...
    </div>
  )
}
