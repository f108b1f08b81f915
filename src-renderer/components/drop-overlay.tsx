import { useEffect, useState } from 'react'
import { useOpenTorrentFile } from '../hooks/use-open-torrent-file.js'

/** Drop a .torrent file anywhere on the window; the overlay says where it goes while dragging. */
export function DropOverlay() {
  const openFile = useOpenTorrentFile()
  const dragging = useWindowFileDrop(openFile)
  if (!dragging) return null
  return (
    <div className="drop-overlay" aria-hidden="true">
      <p>Drop the .torrent file to watch it</p>
    </div>
  )
}

function carriesFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files')
}

/** Whether files are being dragged over the window; calls onFile with the first one dropped. */
function useWindowFileDrop(onFile: (file: File) => void): boolean {
  const [dragging, setDragging] = useState(false)
  useEffect(() => {
    // dragenter/dragleave fire for every child crossed: count them to know when we truly left.
    let depth = 0
    const handlers: Record<'dragenter' | 'dragover' | 'dragleave' | 'drop', (e: DragEvent) => void> = {
      dragenter: (e) => {
        if (!carriesFiles(e)) return
        e.preventDefault()
        depth++
        setDragging(true)
      },
      dragover: (e) => carriesFiles(e) && e.preventDefault(),
      dragleave: () => {
        depth = Math.max(0, depth - 1)
        if (depth === 0) setDragging(false)
      },
      // Always claimed, so a stray drop never navigates the window away from the app.
      drop: (e) => {
        e.preventDefault()
        depth = 0
        setDragging(false)
        const file = e.dataTransfer?.files?.[0]
        if (file) onFile(file)
      },
    }
    const entries = Object.entries(handlers) as Array<[keyof typeof handlers, (e: DragEvent) => void]>
    for (const [type, fn] of entries) window.addEventListener(type, fn)
    return () => {
      for (const [type, fn] of entries) window.removeEventListener(type, fn)
    }
  }, [onFile])
  return dragging
}
