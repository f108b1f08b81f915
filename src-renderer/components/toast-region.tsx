import { useEffect, useState } from 'react'
import { useStore } from '../store/store.js'
import type { Toast } from '../store/toasts-slice.js'

/** How long a toast stays by itself (longer for errors: they need reading); the pointer on it holds it. */
export const TOAST_MS = { info: 4000, error: 10_000 } as const

/**
 * Notices stay polite; errors are announced at once. Both close by themselves, with their
 * button, or with Escape (the newest first), so none outlives what it was about.
 */
export function ToastRegion() {
  const toasts = useStore((s) => s.toasts)
  const dismiss = useStore((s) => s.dismissToast)
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const newest = toasts.at(-1)
      if (event.key !== 'Escape' || event.defaultPrevented || !newest) return
      event.preventDefault()
      dismiss(newest.id)
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [toasts, dismiss])
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
  const [held, setHeld] = useState(false)
  useEffect(() => {
    if (held) return
    const timer = setTimeout(() => dismiss(toast.id), TOAST_MS[toast.kind])
    return () => clearTimeout(timer)
  }, [toast, dismiss, held])
  return (
    <div
      className={`toast toast-${toast.kind}`}
      onPointerEnter={() => setHeld(true)}
      onPointerLeave={() => setHeld(false)}
    >
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
