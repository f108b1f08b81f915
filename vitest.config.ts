import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Swarm tests bind loopback ports and spin up webtorrent clients: keep them from fighting
    // over the two cores.
    fileParallelism: false,
  },
})
