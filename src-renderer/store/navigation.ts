import { parseHash, type Route, routeToHash } from './routes.js'
import { useStore } from './store.js'

// Pages are hash URLs; entries this page pushed carry a marker so "Back" knows whether the
// previous entry is still Peerwatch.
const MARK = { peerwatch: true }

export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const hash = routeToHash(route)
  if (window.location.hash !== hash) {
    if (options.replace) window.history.replaceState(window.history.state, '', hash)
    else window.history.pushState(MARK, '', hash)
  }
  useStore.getState().setRoute(route)
}

/** The previous page, or home when the person arrived straight here. */
export function goBack(): void {
  if ((window.history.state as typeof MARK | null)?.peerwatch) window.history.back()
  else navigate({ page: 'home' }, { replace: true })
}

/** Follows the address bar (Back, Forward, edited or reloaded URLs) into the store. */
export function startHashRouting(): () => void {
  const sync = (): void => useStore.getState().setRoute(parseHash(window.location.hash))
  sync()
  window.addEventListener('hashchange', sync)
  window.addEventListener('popstate', sync)
  return () => {
    window.removeEventListener('hashchange', sync)
    window.removeEventListener('popstate', sync)
  }
}
