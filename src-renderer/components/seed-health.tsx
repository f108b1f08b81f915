import { seedHealth } from '../format.js'

const LEVEL_NAMES = ['dead', 'weak', 'fair', 'good', 'excellent'] as const

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** Four bars filled by seeders, with the numbers in words beside them. */
export function SeedHealth({ seeders, leechers }: { seeders: number; leechers: number }) {
  const level = seedHealth(seeders)
  return (
    <span className={`seed-health level-${level}`} title={`Swarm health: ${LEVEL_NAMES[level]}`}>
      <span className="bars" aria-hidden="true">
        {[1, 2, 3, 4].map((bar) => (
          <span key={bar} className={bar <= level ? 'bar on' : 'bar'} />
        ))}
      </span>
      <span>
        {plural(seeders, 'seeder')}, {plural(leechers, 'leecher')}
      </span>
    </span>
  )
}
