// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { FakeApi, ok } from './helpers/fake-api.js'
import { HASH_A, HASH_B, libraryItem } from './helpers/fixtures.js'
import { renderApp, route } from './helpers/render-app.js'

const HOUR = 3600 * 1000

function items() {
  const now = Date.now()
  return [
    libraryItem({
      infoHash: HASH_A,
      name: 'Closed Film',
      length: 4 * 1024 ** 3,
      downloaded: 1024 ** 3,
      removeAt: now + 5 * HOUR + 60_000,
      positions: [{ fileIndex: 1, position: 754, duration: 6000, at: now }],
    }),
    libraryItem({ infoHash: HASH_B, name: 'Open Film', active: true, removeAt: null, lastActiveAt: now }),
  ]
}

function row(name: string): HTMLElement {
  return screen.getByRole('rowheader', { name }).closest('tr') as HTMLElement
}

describe('library page', () => {
  it('lists items with size, progress, last position and when they will be removed', async () => {
    await renderApp(new FakeApi().answer('library-list', ok({ items: items() })), '#/library')
    const closed = row('Closed Film')
    expect(closed.textContent).toContain('4.3 GB')
    expect(closed.textContent).toContain('25%')
    expect(closed.textContent).toContain('Watched 12:34 of 1:40:00 in film.mp4')
    const bar = within(closed).getByRole('progressbar', {
      name: 'Watched 12:34 of 1:40:00',
    }) as HTMLProgressElement
    expect(bar.value / bar.max).toBeCloseTo(754 / 6000)
    expect(closed.textContent).toContain('Removed in 5 h')
    expect(within(closed).queryByRole('button', { name: /^Stop/ })).toBeNull()
    const open = row('Open Film')
    expect(open.textContent).toContain('Open now')
    expect(within(open).getByRole('button', { name: 'Stop Open Film' })).toBeTruthy()
  })

  it('tells apart items with the same name by size and infohash', async () => {
    const twins = [
      libraryItem({ infoHash: HASH_A, name: 'movie.mp4', length: 700 * 1024 ** 2 }),
      libraryItem({ infoHash: HASH_B, name: 'movie.mp4', length: 1400 * 1024 ** 2 }),
    ]
    await renderApp(new FakeApi().answer('library-list', ok({ items: twins })), '#/library')
    const names = screen.getAllByRole('rowheader').map((cell) => cell.textContent)
    expect(names).toHaveLength(2)
    expect(new Set(names).size).toBe(2)
    expect(names).toContain(`movie.mp4734 MB · infohash ${HASH_A.slice(0, 8)}`)
  })

  it('keeps Tab inside the delete dialog and gives the focus back after', async () => {
    await renderApp(new FakeApi().answer('library-list', ok({ items: items() })), '#/library')
    const user = userEvent.setup()
    const deleteButton = screen.getByRole('button', { name: 'Delete Closed Film' })
    await user.click(deleteButton)
    const dialog = screen.getByRole('alertdialog')
    expect(document.activeElement?.textContent).toBe('Cancel')
    await user.tab()
    expect(document.activeElement?.textContent).toBe('Delete')
    await user.tab()
    expect(document.activeElement?.textContent).toBe('Cancel')
    await user.tab({ shift: true })
    expect(document.activeElement?.textContent).toBe('Delete')
    expect(dialog.contains(document.activeElement)).toBe(true)
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('alertdialog')).toBeNull()
    expect(document.activeElement).toBe(deleteButton)
  })

  it('asks before deleting, then sends library-delete', async () => {
    const api = new FakeApi()
      .answer('library-list', ok({ items: items() }))
      .answer('library-delete', ok({ removed: true }))
    await renderApp(api, '#/library')
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Delete Closed Film' }))
    const dialog = screen.getByRole('alertdialog', { name: 'Delete from the library?' })
    expect(dialog.textContent).toContain('"Closed Film"')
    expect(document.activeElement?.textContent).toBe('Cancel')
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByRole('alertdialog')).toBeNull()
    expect(api.sent('library-delete')).toEqual([])

    await user.click(screen.getByRole('button', { name: 'Delete Closed Film' }))
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }))
    await waitFor(() => expect(api.sent('library-delete')).toEqual([{ infoHash: HASH_A }]))
    expect(await screen.findByText('Deleted "Closed Film".')).toBeTruthy()
  })

  it('plays an item from where it was and stops an open one', async () => {
    const api = new FakeApi()
      .answer('library-list', ok({ items: items() }))
      .answer('library-play', (p) => ok({ infoHash: p.infoHash }))
      .answer('wt-remove', ok({ removed: true }))
    await renderApp(api, '#/library')
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Stop Open Film' }))
    expect(api.sent('wt-remove')).toEqual([{ infoHash: HASH_B }])
    await user.click(screen.getByRole('button', { name: 'Play Closed Film' }))
    await waitFor(() => expect(route()).toEqual({ page: 'player', infoHash: HASH_A, fileIndex: 1 }))
    expect(api.sent('library-play')).toEqual([{ infoHash: HASH_A, fileIndex: 1 }])
  })

  it('updates live on library-changed', async () => {
    const api = new FakeApi()
    await renderApp(api, '#/library')
    expect(screen.getByText(/Nothing here yet/).textContent).toContain('for 24 hours')
    api.emit('library-changed', { items: items() })
    expect(row('Open Film')).toBeTruthy()
    api.emit('library-changed', { items: items().slice(0, 1) })
    expect(screen.queryByRole('rowheader', { name: 'Open Film' })).toBeNull()
  })
})
