import type { Api } from '../../src-shared/contract.js'
import { ConnectionBanner } from '../components/connection-banner.js'
import { DropOverlay } from '../components/drop-overlay.js'
import { ErrorBoundary } from '../components/error-boundary.js'
import { OpenOffers } from '../components/open-offers.js'
import { ToastRegion } from '../components/toast-region.js'
import { TopBar } from '../components/top-bar.js'
import { HomePage } from '../pages/home-page.js'
import { LibraryPage } from '../pages/library-page.js'
import { PlayerPage } from '../pages/player-page.js'
import { ResultsPage } from '../pages/results-page.js'
import { SettingsPage } from '../pages/settings-page.js'
import type { Route } from '../store/routes.js'
import { useStore } from '../store/store.js'
import { ApiProvider } from './api-context.js'

export function App({ api }: { api: Api }) {
  return (
    <ApiProvider api={api}>
      <TopBar />
      <ConnectionBanner />
      <main id="main">
        <CurrentPage />
      </main>
      <ToastRegion />
      <DropOverlay />
      <OpenOffers />
    </ApiProvider>
  )
}

/** The page for the route, each in its own boundary (keyed, so leaving a broken page resets it). */
function CurrentPage() {
  const route = useStore((s) => s.route)
  const key = route.page === 'player' ? `player/${route.infoHash}` : route.page
  return <ErrorBoundary key={key}>{pageFor(route)}</ErrorBoundary>
}

function pageFor(route: Route) {
  switch (route.page) {
    case 'home':
      return <HomePage />
    case 'results':
      return <ResultsPage query={route.query} category={route.category} />
    case 'player':
      return <PlayerPage infoHash={route.infoHash} fileIndex={route.fileIndex} />
    case 'library':
      return <LibraryPage />
    case 'settings':
      return <SettingsPage />
  }
}
