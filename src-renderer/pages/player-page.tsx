import { useEffect, useRef } from 'react'
import { useApi } from '../app/api-context.js'
import { FetchingMetadata } from '../components/fetching-metadata.js'
import { PlayerView } from '../components/player/player-view.js'
import { addTorrent, reopenFromLibrary, selectFile } from '../store/commands.js'
import { goBack, navigate } from '../store/navigation.js'
import { useStore } from '../store/store.js'

interface Props {
  infoHash: string
  /** null until the engine has chosen (a magnet opened from the home page). */
  fileIndex: number | null
}

export function PlayerPage({ infoHash, fileIndex }: Props) {
  const torrent = useStore((s) => s.torrents[infoHash])
  useOpenWhenUnknown(infoHash, fileIndex)
  useFollowFile(infoHash, fileIndex)

  if (torrent?.state === 'error') return <TorrentErrorPanel message={torrent.error?.message} />
  if (torrent?.state === 'closed') return <ClosedPanel infoHash={infoHash} fileIndex={fileIndex} />
  const streaming = torrent?.fileIndex ?? null
  if (!torrent?.url || streaming === null || (fileIndex !== null && fileIndex !== streaming)) {
    return (
      <section className="player-waiting">
        <h1 className="player-title">{torrent?.name || 'Opening the torrent'}</h1>
        {torrent?.state === 'ready' ? (
          <p role="status">
            <span className="spinner" aria-hidden="true" /> Opening the file...
          </p>
        ) : (
          <FetchingMetadata infoHash={infoHash} />
        )}
      </section>
    )
  }
  return (
    <PlayerView key={`${infoHash}/${streaming}`} torrent={torrent} fileIndex={streaming} url={torrent.url} />
  )
}

/** Reloaded or opened from a link: the engine may not have this torrent open; open it once. */
function useOpenWhenUnknown(infoHash: string, fileIndex: number | null): void {
  const api = useApi()
  const known = useStore((s) => infoHash in s.torrents)
  const loaded = useStore((s) => s.snapshotsLoaded)
  const asked = useRef(false)
  useEffect(() => {
    if (known || !loaded || asked.current) return
    asked.current = true
    const choice = fileIndex === null ? {} : { fileIndex }
    const inLibrary = useStore.getState().library.some((i) => i.infoHash === infoHash)
    if (inLibrary) void reopenFromLibrary(api, infoHash, choice.fileIndex)
    else void addTorrent(api, { torrentId: infoHash, ...choice })
  }, [api, known, loaded, infoHash, fileIndex])
}

/** Keeps the URL and the engine agreeing on which file plays: the URL leads, once per choice. */
function useFollowFile(infoHash: string, fileIndex: number | null): void {
  const api = useApi()
  const streaming = useStore((s) => s.torrents[infoHash]?.fileIndex ?? null)
  const selecting = useStore((s) => s.torrents[infoHash]?.selecting ?? null)
  const tried = useRef<number | null>(null)
  useEffect(() => {
    if (streaming === null) return
    if (fileIndex === null)
      return navigate({ page: 'player', infoHash, fileIndex: streaming }, { replace: true })
    if (fileIndex === streaming) {
      tried.current = null
      return
    }
    if (selecting !== null || tried.current === fileIndex) return
    tried.current = fileIndex
    void selectFile(api, infoHash, fileIndex).then((ok) => {
      if (!ok) navigate({ page: 'player', infoHash, fileIndex: streaming }, { replace: true })
    })
  }, [api, infoHash, fileIndex, streaming, selecting])
}

function TorrentErrorPanel({ message }: { message: string | undefined }) {
  return (
    <section className="panel panel-error" role="alert">
      <p>{message ?? 'This torrent failed.'}</p>
      <button type="button" onClick={goBack}>
        Back
      </button>
    </section>
  )
}

function ClosedPanel({ infoHash, fileIndex }: Props) {
  const api = useApi()
  return (
    <section className="panel">
      <p>Peerwatch closed this torrent after nobody watched it for a while. Its data is kept.</p>
      <button type="button" onClick={() => void reopenFromLibrary(api, infoHash, fileIndex ?? undefined)}>
        Open again
      </button>
    </section>
  )
}
