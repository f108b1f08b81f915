// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { App } from '../../src-renderer/app/app.js'
import { startApp } from '../../src-renderer/app/start.js'
import { ErrorBoundary } from '../../src-renderer/components/error-boundary.js'
import { TOAST_MS } from '../../src-renderer/components/toast-region.js'
import { resetStore, useStore } from '../../src-renderer/store/store.js'
import type { ConnectionStatus } from '../../src-renderer/transport/connection.js'
import { FakeApi, ok } from './helpers/fake-api.js'
import { appInfo } from './helpers/fixtures.js'
import { renderApp, route } from './helpers/render-app.js'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

function Broken(): never {
  throw new Error('the list exploded')
}

describe('app shell', () => {
  it('contains a throwing panel and keeps the rest of the app', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    render(
      <main>
        <p>Top bar still here</p>
        <ErrorBoundary>
          <Broken />
        </ErrorBoundary>
      </main>,
    )
    expect(screen.getByRole('alert').textContent).toContain('This panel failed: the list exploded.')
    expect(screen.getByText('Top bar still here')).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Reload' })).toBeTruthy()
  })

  it('navigates with real links and follows Back', async () => {
    await renderApp(new FakeApi())
    const user = userEvent.setup()
    const nav = screen.getByRole('navigation', { name: 'Main' })
    expect(screen.getByRole('link', { name: 'Home' }).getAttribute('aria-current')).toBe('page')
    await user.click(screen.getByRole('link', { name: 'Library' }))
    await vi.waitFor(() => expect(route()).toEqual({ page: 'library' }))
    expect(screen.getByRole('heading', { name: 'Library' })).toBeTruthy()
    await user.click(screen.getByRole('link', { name: 'Settings' }))
    await vi.waitFor(() => expect(route()).toEqual({ page: 'settings' }))
    expect(nav.querySelector('[aria-current="page"]')?.textContent).toBe('Settings')
    window.history.back()
    await vi.waitFor(() => expect(route()).toEqual({ page: 'library' }))
  })

  it('offers signing out in a browser (a POST form to /logout), and not in the desktop app', async () => {
    await renderApp(new FakeApi())
    const button = await screen.findByRole('button', { name: 'Sign out' })
    const form = button.closest('form')
    expect(form?.getAttribute('method')).toBe('post')
    expect(form?.getAttribute('action')).toBe('/logout')
    cleanup()
    await renderApp(new FakeApi().answer('app-info', ok(appInfo({ shell: 'desktop' }))))
    await vi.waitFor(() => expect(useStore.getState().appInfo?.shell).toBe('desktop'))
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull()
  })

  it('shows notices politely and errors as alerts until dismissed', async () => {
    await renderApp(new FakeApi())
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      act(() => {
        useStore.getState().pushToast({ kind: 'info', message: 'Stream URL copied' })
        useStore
          .getState()
          .pushToast({ kind: 'error', message: 'The disk is full.', hint: 'Free some space.' })
      })
      const polite = screen.getByText('Stream URL copied').closest('[role="status"]')
      expect(polite?.getAttribute('aria-live')).toBe('polite')
      expect(screen.getByText('The disk is full.').closest('[role="alert"]')).toBeTruthy()
      expect(screen.getByText('Free some space.')).toBeTruthy()
      act(() => vi.advanceTimersByTime(5000))
      expect(screen.queryByText('Stream URL copied')).toBeNull()
      expect(screen.getByText('The disk is full.')).toBeTruthy()
    } finally {
      vi.useRealTimers()
    }
    await userEvent.setup().click(screen.getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByText('The disk is full.')).toBeNull()
  })

  it('shows a banner while the connection is re-established, and reloads the snapshots after', async () => {
    const api = new FakeApi()
    const listeners = new Set<(s: ConnectionStatus) => void>()
    resetStore()
    const stop = startApp({
      api,
      status: () => 'open',
      onStatus: (l) => {
        listeners.add(l)
        return () => listeners.delete(l)
      },
    })
    render(<App api={api} />)
    const set = (status: ConnectionStatus) =>
      act(() => {
        for (const l of listeners) l(status)
      })
    set('reconnecting')
    expect(screen.getByText('Reconnecting to Peerwatch...')).toBeTruthy()
    const before = api.sent('library-list').length
    set('open')
    expect(screen.queryByText('Reconnecting to Peerwatch...')).toBeNull()
    expect(api.sent('library-list').length).toBe(before + 1)
    stop()
  })

  it('toasts an engine error that belongs to no page', async () => {
    const api = new FakeApi()
    await renderApp(api)
    api.emit('wt-error', { code: 'STORAGE_FAILED', message: 'Cannot write to /downloads.' })
    expect(screen.getByText('Cannot write to /downloads.')).toBeTruthy()
    expect(screen.getByText(/Check the download folder in Settings/)).toBeTruthy()
  })

  it('lets error toasts go by themselves, on Escape or with their button, and never piles more than three', async () => {
    const api = new FakeApi()
    await renderApp(api)
    vi.useFakeTimers({ shouldAdvanceTime: true })
    try {
      api.emit('wt-error', { code: 'STORAGE_FAILED', message: 'Cannot write to /downloads.' })
      act(() => vi.advanceTimersByTime(TOAST_MS.error - 500))
      expect(screen.queryByText('Cannot write to /downloads.')).toBeTruthy()
      act(() => vi.advanceTimersByTime(1000))
      expect(screen.queryByText('Cannot write to /downloads.')).toBeNull()

      for (const n of [1, 2, 3, 4]) api.emit('wt-error', { code: 'INTERNAL', message: `Failure ${n}.` })
      expect(screen.queryByText('Failure 1.')).toBeNull()
      expect(screen.getAllByText(/^Failure \d\.$/)).toHaveLength(3)
      fireEvent.keyDown(document.body, { key: 'Escape' })
      expect(screen.queryByText('Failure 4.')).toBeNull()
      fireEvent.click(screen.getAllByRole('button', { name: 'Dismiss' })[0] as HTMLElement)
      expect(screen.getAllByText(/^Failure \d\.$/).map((p) => p.textContent)).toEqual(['Failure 3.'])
    } finally {
      vi.useRealTimers()
    }
  })
})
