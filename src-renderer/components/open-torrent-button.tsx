import { type ChangeEvent, useRef } from 'react'
import { useOpenTorrentFile } from '../hooks/use-open-torrent-file.js'

export function OpenTorrentButton() {
  const input = useRef<HTMLInputElement>(null)
  const openFile = useOpenTorrentFile()
  const picked = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (file) void openFile(file)
  }
  return (
    <>
      <button type="button" className="secondary" onClick={() => input.current?.click()}>
        Open .torrent file
      </button>
      <input
        ref={input}
        type="file"
        accept=".torrent,application/x-bittorrent"
        aria-label="Open .torrent file"
        className="visually-hidden"
        tabIndex={-1}
        onChange={picked}
      />
    </>
  )
}
