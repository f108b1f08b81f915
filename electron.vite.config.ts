import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

// One build for every way Peerwatch runs: the Electron main process, the engine worker it forks,
// the CLI (which also hosts `peerwatch serve`), the preload bridge and the renderer bundle.
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve('src-main/app/main.ts'),
          'engine-worker': resolve('src-main/engine/worker-entry.ts'),
          cli: resolve('src-main/cli/index.ts'),
          engine: resolve('src-main/engine/index.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can only require 'electron': bundle everything else (zod) into it.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    build: {
      // electron-vite leaves bundles unminified; the renderer also goes over the network (serve).
      minify: true,
      rollupOptions: { input: { index: resolve('src-renderer/index.html') } },
    },
    plugins: [react()],
  },
})
