import { useRef, useState } from 'react'
import { useApi } from '../../app/api-context.js'
import { resolveStreamUrl } from '../../media.js'
import { openExternal } from '../../store/commands.js'
import { useStore } from '../../store/store.js'

interface Props {
  infoHash: string
  fileIndex: number
  url: string
}

async function writeClipboard(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard) return false
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}

/** Open in VLC where that reaches the person; the stream URL for any other player. */
export function StreamActions({ infoHash, fileIndex, url }: Props) {
  const api = useApi()
  const canOpenExternal = useStore((s) => s.appInfo?.canOpenExternal ?? false)
  const [manualCopy, setManualCopy] = useState(false)
  const field = useRef<HTMLInputElement>(null)
  const absolute = resolveStreamUrl(url, window.location.href)

  const copy = async () => {
    if (await writeClipboard(absolute)) {
      setManualCopy(false)
      useStore.getState().pushToast({ kind: 'info', message: 'Stream URL copied' })
      return
    }
    // No clipboard access (plain http on the home network): select it for Ctrl+C instead.
    setManualCopy(true)
    requestAnimationFrame(() => field.current?.select())
    useStore.getState().pushToast({ kind: 'info', message: 'Press Ctrl+C to copy the selected stream URL' })
  }

  return (
    <div className="stream-actions">
      {canOpenExternal && (
        <button
          type="button"
          className="secondary"
          onClick={() => void openExternal(api, infoHash, fileIndex)}
        >
          Open in VLC
        </button>
      )}
      <button type="button" className="secondary" onClick={() => void copy()}>
        Copy stream URL
      </button>
      {manualCopy && (
        <input
          ref={field}
          className="stream-url"
          readOnly
          value={absolute}
          aria-label="Stream URL"
          onFocus={(e) => e.target.select()}
        />
      )}
    </div>
  )
}
