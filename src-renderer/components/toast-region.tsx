import { useEffect } from 'react'
import { useStore } from '../store/store.js'
import type { Toast } from '../store/toasts-slice.js'

const INFO_TOAST_MS = 4000

/** Notices stay polite; errors are announced at once and stay until dismissed. */
export function ToastRegion() {
  const toasts = useStore((s) => s.toasts)
  return (
    <div className="toasts">
      <div role="status" aria-live="polite">
        {toasts
          .filter((t) => t.kind === 'info')
          .map((t) => (
            <ToastCard key={t.id} toast={t} />
          ))}
      </div>
      <div role="alert">
        {toasts
          .filter((t) => t.kind === 'error')
          .map((t) => (
            <ToastCard key={t.id} toast={t} />
          ))}
      </div>
    </div>
  )
}

function ToastCard({ toast }: { toast: Toast }) {
  const dismiss = useStore((s) => s.dismissToast)
  useEffect(() => {
    if (toast.kind !== 'info') return
    const timer = setTimeout(() => dismiss(toast.id), INFO_TOAST_MS)
    return () => clearTimeout(timer)
  }, [toast, dismiss])
  return (
    <div className={`toast toast-${toast.kind}`}>
      <div>
        <p className="toast-message">{toast.message}</p>
        {toast.hint && <p className="toast-hint">{toast.hint}</p>}
      </div>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
        ×
      </button>
    </div>
  )
}
