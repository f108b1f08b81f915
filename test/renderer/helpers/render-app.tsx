import { cleanup, render, waitFor } from '@testing-library/react'
import { afterEach, expect } from 'vitest'
import { App } from '../../../src-renderer/app/app.js'
import { startApp } from '../../../src-renderer/app/start.js'
import { resetStore, useStore } from '../../../src-renderer/store/store.js'
import type { FakeApi } from './fake-api.js'

let stop: (() => void) | undefined

afterEach(() => {
  cleanup()
  stop?.()
  stop = undefined
})

/** The whole app on a fake Api, at a hash URL, after its first snapshots arrived. */
export async function renderApp(api: FakeApi, hash = '#/') {
  resetStore()
  window.history.replaceState(null, '', hash)
  stop = startApp({ api, status: () => 'open', onStatus: () => () => {} })
  const view = render(<App api={api} />)
  await waitFor(() => expect(useStore.getState().snapshotsLoaded).toBe(true))
  return view
}

export function route() {
  return useStore.getState().route
}
