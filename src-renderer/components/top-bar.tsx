import { useStore } from '../store/store.js'

const LINKS = [
  { label: 'Home', page: 'home', href: '#/' },
  { label: 'Library', page: 'library', href: '#/library' },
  { label: 'Settings', page: 'settings', href: '#/settings' },
] as const

/** Plain links: the hash router follows them, and they open in a new window like any link. */
export function TopBar() {
  const page = useStore((s) => s.route.page)
  // In a browser (`peerwatch serve`) the session is this device's sign-in; the desktop has none.
  const web = useStore((s) => s.appInfo?.shell === 'web')
  return (
    <header className="top-bar">
      <a className="brand" href="#/">
        Peerwatch
      </a>
      <nav aria-label="Main">
        <ul>
          {LINKS.map((link) => (
            <li key={link.href}>
              <a href={link.href} aria-current={page === link.page ? 'page' : undefined}>
                {link.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {web && (
        <form className="sign-out" method="post" action="/logout">
          <button type="submit">Sign out</button>
        </form>
      )}
    </header>
  )
}
