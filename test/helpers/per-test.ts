import { afterEach } from 'vitest'
import { startTestEngine, type TestEngine } from './engine.js'
import { type Seeder, startSeeder } from './swarm.js'

/**
 * Seeders and engines that are shut down after each test, passed or failed. A test may stop one
 * itself earlier (a peer leaving mid-film): stopping is done once, whoever asks first.
 */
export function stoppedAfterEachTest(): {
  seed: typeof startSeeder
  engine: typeof startTestEngine
} {
  let stops: Array<() => Promise<void>> = []
  afterEach(async () => {
    const pending = stops
    stops = []
    await Promise.all(pending.map((stop) => stop()))
  })
  const once = (stop: () => Promise<void>): (() => Promise<void>) => {
    let stopping: Promise<void> | null = null
    return () => {
      stopping ??= stop()
      return stopping
    }
  }
  return {
    seed: async (...args): Promise<Seeder> => {
      const seeder = await startSeeder(...args)
      seeder.destroy = once(seeder.destroy)
      stops.push(seeder.destroy)
      return seeder
    },
    engine: async (...args): Promise<TestEngine> => {
      const engine = await startTestEngine(...args)
      engine.close = once(engine.close)
      stops.push(engine.close)
      return engine
    },
  }
}
