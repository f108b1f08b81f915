import { formatCount, seedHealth } from '../format.js'

const LEVEL_NAMES = ['dead', 'weak', 'fair', 'good', 'excellent'] as const

/**
 * Four bars filled by seeders, with the numbers in words beside them. A torrent with a web seed
 * (the source serves it over HTTP, like archive.org) is always available, whatever the swarm.
 */
export function SeedHealth({
  seeders,
  leechers,
  webSeeded = false,
}: {
  seeders: number
  leechers: number
  webSeeded?: boolean
}) {
  const level = webSeeded ? Math.max(3, seedHealth(seeders)) : seedHealth(seeders)
  return (
    <span className={`seed-health level-${level}`} title={`Swarm health: ${LEVEL_NAMES[level] ?? 'good'}`}>
      <span className="bars" aria-hidden="true">
        {[1, 2, 3, 4].map((bar) => (
          <span key={bar} className={bar <= level ? 'bar on' : 'bar'} />
        ))}
      </span>
      <span>
        {webSeeded
          ? 'web seed, always available'
          : `${formatCount(seeders, 'seeder')}, ${formatCount(leechers, 'leecher')}`}
      </span>
    </span>
  )
}
