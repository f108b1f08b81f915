import { useState } from 'react'
import type { SearchResult } from '../../src-preload/contract.js'
import { useApi } from '../app/api-context.js'
import { formatAge, formatBytes } from '../format.js'
import { addTorrent } from '../store/commands.js'
import { FilePicker } from './file-picker.js'
import { SeedHealth } from './seed-health.js'

const BADGES: Partial<Record<SearchResult['uploaderStatus'], string>> = { trusted: 'trusted', vip: 'VIP' }

/** One search result; "Watch" opens it here, then offers its files. */
export function ResultRow({ result, now }: { result: SearchResult; now: number }) {
  const api = useApi()
  const [watching, setWatching] = useState(false)
  const badge = BADGES[result.uploaderStatus]
  const watch = async () => {
    setWatching(true)
    const infoHash = await addTorrent(api, { torrentId: result.magnet })
    if (!infoHash) setWatching(false)
  }
  return (
    <li className="result">
      <div className="result-main">
        <p className="result-name">{result.name}</p>
        <p className="result-meta">
          <span>{formatBytes(result.size)}</span>
          <SeedHealth
            seeders={result.seeders}
            leechers={result.leechers}
            webSeeded={hasWebSeed(result.magnet)}
          />
          {badge && <span className={`badge badge-${result.uploaderStatus}`}>{badge}</span>}
          <span>{formatAge(result.added, now)}</span>
          <span className="muted">{result.provider}</span>
        </p>
        {watching && <FilePicker infoHash={result.infoHash} />}
      </div>
      {!watching && (
        <button type="button" onClick={watch} aria-label={`Watch ${result.name}`}>
          Watch
        </button>
      )}
    </li>
  )
}

/** A magnet with a `ws` (BEP 19 web seed) can always be fetched from its source over HTTP. */
function hasWebSeed(magnet: string): boolean {
  const query = magnet.indexOf('?')
  return query >= 0 && new URLSearchParams(magnet.slice(query + 1)).has('ws')
}
