import { type FormEvent, useEffect, useState } from 'react'
import type { Api, SubtitleTrack } from '../../src-preload/contract.js'

declare global {
  interface Window {
    peerwatch?: Api
  }
}

const api = window.peerwatch

/** The smallest player: paste a link, watch. The full interface replaces this. */
export function App() {
  const [input, setInput] = useState('')
  const [stream, setStream] = useState<{ url: string; subtitles: SubtitleTrack[] } | null>(null)
  const [message, setMessage] = useState<string | null>(null)

  useEffect(() => {
    if (!api) return
    const offs = [
      api.on('wt-server-running', (p) => setStream({ url: p.url, subtitles: p.subtitles })),
      api.on('wt-error', (p) => setMessage(p.message)),
    ]
    return () => {
      for (const off of offs) off()
    }
  }, [])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!api) return setMessage('The engine is not connected.')
    setMessage('Fetching the file list from peers...')
    const result = await api.request('wt-add', { torrentId: input })
    setMessage(result.ok ? null : result.error.message)
  }

  return (
    <main
      style={{
        fontFamily: 'system-ui',
        color: '#eee',
        background: '#0e0f13',
        minHeight: '100vh',
        padding: 24,
      }}
    >
      <h1>Peerwatch</h1>
      <form onSubmit={submit}>
        <label>
          Magnet link or infohash{' '}
          <input value={input} onChange={(e) => setInput(e.target.value)} style={{ width: 480 }} />
        </label>{' '}
        <button type="submit">Play</button>
      </form>
      {message && <p role="status">{message}</p>}
      {stream && (
        // biome-ignore lint/a11y/useMediaCaption: the tracks are the torrent's own subtitle files, added below at run time
        <video src={stream.url} controls autoPlay style={{ width: '100%', maxHeight: '70vh' }}>
          {stream.subtitles.map((s) => (
            <track key={s.index} kind="subtitles" src={s.url} label={s.name} />
          ))}
        </video>
      )}
    </main>
  )
}
