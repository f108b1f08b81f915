import { type RefObject, useEffect } from 'react'

/** The desktop menu's "Open Magnet Link…" asks for the search box by this hash. */
export const FOCUS_SEARCH_HASH = '#/?focus=search'

/**
 * Focuses the input when the page is asked to by the URL (on arrival and on later requests),
 * then puts the hash back to `#/` so the next request is a change again.
 */
export function useFocusRequest(inputRef: RefObject<HTMLInputElement | null>, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return
    const check = () => {
      if (window.location.hash !== FOCUS_SEARCH_HASH) return
      window.history.replaceState(window.history.state, '', '#/')
      inputRef.current?.focus()
      inputRef.current?.select()
    }
    check()
    window.addEventListener('hashchange', check)
    return () => window.removeEventListener('hashchange', check)
  }, [inputRef, enabled])
}
