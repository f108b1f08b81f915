import { useState } from 'react'
import type { SearchResult } from '../../src-shared/contract.js'
import { releaseQuality } from '../../src-shared/release-name.js'
import { useApi } from '../app/api-context.js'
import { formatAge, formatBytes } from '../format.js'
import { predictedConversion } from '../playback/predicted-conversion.js'
import { addTorrent } from '../store/commands.js'
import { FilePicker } from './file-picker.js'
import { SeedHealth } from './seed-health.js'

const BADGES: Partial<Record<SearchResult['uploaderStatus'], string>> = { trusted: 'trusted', vip: 'VIP' }

/** Sources as people know them; a result names its source by id. */
export const SOURCE_NAMES: Record<string, string> = {
  apibay: 'The Pirate Bay',
  'internet-archive': 'Internet Archive',
}

const CONVERSION_NOTES = {
  picture: {
    label: 'Converts the picture',
    title:
      'This browser cannot decode this video format: Peerwatch converts it as it plays (uses the processor).',
  },
  sound: {
    label: 'Converts the sound',
    title: 'This browser cannot decode this sound format: Peerwatch converts the sound as it plays.',
  },
} as const

/** One search result; "Watch" opens it here, then offers its files. */
export function ResultRow({ result, now }: { result: SearchResult; now: number }) {
  const api = useApi()
  const [watching, setWatching] = useState(false)
  const badge = BADGES[result.uploaderStatus]
  const quality = releaseQuality(result.name)
  const conversion = predictedConversion(quality)
  const chips = [quality.resolution, quality.source, quality.video, quality.audio].filter(
    (chip) => chip !== null,
  )
  const watch = async () => {
    setWatching(true)
    const infoHash = await addTorrent(api, { torrentId: result.magnet })
    if (!infoHash) setWatching(false)
  }
  return (
    <li className="result">
      <div className="result-main">
        <p className="result-name">{result.name}</p>
        {(chips.length > 0 || conversion) && (
          <p className="result-quality">
            {chips.map((chip) => (
              <span
                key={chip}
                className={chip === quality.source && chip === 'CAM' ? 'chip chip-warn' : 'chip'}
              >
                {chip}
              </span>
            ))}
            {conversion && (
              <span className="chip chip-convert" title={CONVERSION_NOTES[conversion].title}>
                {CONVERSION_NOTES[conversion].label}
              </span>
            )}
          </p>
        )}
        <p className="result-meta">
          <span>{formatBytes(result.size)}</span>
          <SeedHealth
            seeders={result.seeders}
            leechers={result.leechers}
            webSeeded={hasWebSeed(result.magnet)}
          />
          {badge && <span className={`badge badge-${result.uploaderStatus}`}>{badge}</span>}
          <span>{formatAge(result.added, now)}</span>
          <span className="muted">{SOURCE_NAMES[result.provider] ?? result.provider}</span>
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
