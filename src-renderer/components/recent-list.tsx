import type { LibraryItem } from '../../src-shared/contract.js'
import { useApi } from '../app/api-context.js'
import { formatAge, formatBytes } from '../format.js'
import { useNow } from '../hooks/use-now.js'
import { playFromLibrary } from '../store/commands.js'
import { useStore } from '../store/store.js'
import { WatchedProgress } from './watched-progress.js'

const RECENT_COUNT = 6

export function RecentList() {
  const library = useStore((s) => s.library)
  const now = useNow()
  const recent = [...library].sort((a, b) => b.lastActiveAt - a.lastActiveAt).slice(0, RECENT_COUNT)
  if (recent.length === 0) return null
  return (
    <section className="recent" aria-labelledby="recent-heading">
      <h2 id="recent-heading">Recent</h2>
      <ul className="recent-list">
        {recent.map((item) => (
          <RecentItem key={item.infoHash} item={item} now={now} />
        ))}
      </ul>
    </section>
  )
}

function RecentItem({ item, now }: { item: LibraryItem; now: number }) {
  const api = useApi()
  const last = item.positions[0]
  return (
    <li>
      <button
        type="button"
        className="recent-card"
        onClick={() => void playFromLibrary(api, item.infoHash, last?.fileIndex)}
      >
        <span className="recent-name">{item.name || item.infoHash}</span>
        <span className="muted">
          {formatBytes(item.length)} · {formatAge(item.lastActiveAt, now)}
        </span>
        <WatchedProgress item={item} now={now} />
      </button>
    </li>
  )
}
