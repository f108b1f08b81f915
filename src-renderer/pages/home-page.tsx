import { OpenTorrentButton } from '../components/open-torrent-button.js'
import { RecentList } from '../components/recent-list.js'
import { SearchBox } from '../components/search-box.js'

export function HomePage() {
  return (
    <div className="home">
      <section className="home-hero">
        <h1>What do you want to watch?</h1>
        <SearchBox autoFocus />
        <p className="muted home-or">
          Or drop a .torrent file anywhere on this window. <OpenTorrentButton />
        </p>
      </section>
      <RecentList />
    </div>
  )
}
