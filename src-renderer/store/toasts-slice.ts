import type { SliceCreator } from './store.js'

export interface Toast {
  id: number
  kind: 'info' | 'error'
  message: string
  /** What the person can do about it. */
  hint?: string
}

export interface ToastsSlice {
  toasts: Toast[]
  pushToast(toast: Omit<Toast, 'id'>): number
  dismissToast(id: number): void
}

let nextToastId = 1
const MAX_TOASTS = 3

export const createToastsSlice: SliceCreator<ToastsSlice> = (set, get) => ({
  toasts: [],
  pushToast: (toast) => {
    // The same error twice in a row (a flapping connection) stays one toast.
    const last = get().toasts.at(-1)
    if (last && last.message === toast.message && last.kind === toast.kind) return last.id
    const id = nextToastId++
    // A few at most, so they never pile up over the page.
    set((s) => ({ toasts: [...s.toasts.slice(-(MAX_TOASTS - 1)), { ...toast, id }] }))
    return id
  },
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
})
