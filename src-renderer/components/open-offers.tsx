import { useEffect, useState } from 'react'
import type { EventPayload } from '../../src-shared/contract.js'
import { formatBytes, formatCount } from '../../src-shared/human-format.js'
import { useApi } from '../app/api-context.js'
import { errorToast } from '../store/error-hints.js'
import { navigate } from '../store/navigation.js'
import { useStore } from '../store/store.js'
import { ConfirmDialog } from './confirm-dialog.js'

type Offer = EventPayload<'open-offered'>

/**
 * A magnet link clicked in another app, or a .torrent file opened with Peerwatch, waits for one
 * click here: nothing is fetched (trackers, peers, metadata) until the person says yes.
 */
export function OpenOffers() {
  const api = useApi()
  const [offers, setOffers] = useState<Offer[]>([])
  useEffect(() => api.on('open-offered', (offer) => setOffers((waiting) => [...waiting, offer])), [api])
  const offer = offers[0]
  if (!offer) return null
  const answer = async (open: boolean): Promise<void> => {
    setOffers((waiting) => waiting.slice(1))
    if (!open) {
      await api.request('open-decline', { id: offer.id })
      return
    }
    const result = await api.request('open-accept', { id: offer.id })
    if (!result.ok) return void useStore.getState().pushToast(errorToast(result.error))
    navigate({ page: 'player', infoHash: result.value.infoHash, fileIndex: null })
  }
  return (
    <ConfirmDialog
      title="Open this torrent?"
      message={describe(offer)}
      confirmLabel="Open"
      tone="primary"
      onConfirm={() => void answer(true)}
      onCancel={() => void answer(false)}
    />
  )
}

function describe(offer: Offer): string {
  const size = [
    offer.length !== null ? formatBytes(offer.length) : null,
    offer.files !== null ? formatCount(offer.files, 'file') : null,
  ].filter(Boolean)
  const what = size.length > 0 ? `"${offer.name}" (${size.join(', ')})` : `"${offer.name}"`
  const from =
    offer.from === 'link' ? 'a link opened in another app' : 'a .torrent file opened with Peerwatch'
  return `${what}, from ${from}. Peerwatch starts downloading it once you open it.`
}
