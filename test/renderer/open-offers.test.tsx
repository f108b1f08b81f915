// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { FakeApi, ok } from './helpers/fake-api.js'
import { renderApp, route } from './helpers/render-app.js'

// A magnet link clicked in a browser, or a .torrent opened with Peerwatch, is shown first; one
// click opens it, and nothing is fetched before.

const FILM = { id: 'offer-1', infoHash: 'a'.repeat(40), name: 'Night of the Living Dead (1968)' }

describe('a torrent handed over by the OS', () => {
  it('asks first, with what it is and where it came from, and plays it on Open', async () => {
    const api = new FakeApi().answer('open-accept', ok({ infoHash: FILM.infoHash }))
    await renderApp(api)
    api.emit('open-offered', { ...FILM, length: 734_003_200, files: 3, from: 'file' })
    const dialog = await screen.findByRole('alertdialog', { name: 'Open this torrent?' })
    expect(dialog.textContent).toContain(
      '"Night of the Living Dead (1968)" (734 MB, 3 files), from a .torrent file opened with Peerwatch.',
    )
    expect(api.sent('open-accept')).toEqual([])
    await userEvent.setup().click(within(dialog).getByRole('button', { name: 'Open' }))
    await waitFor(() => expect(route()).toEqual({ page: 'player', infoHash: FILM.infoHash, fileIndex: null }))
    expect(api.sent('open-accept')).toEqual([{ id: 'offer-1' }])
    expect(screen.queryByRole('alertdialog')).toBeNull()
  })

  it('forgets it on Cancel (Escape too) and opens nothing', async () => {
    const api = new FakeApi().answer('open-decline', ok({ declined: true }))
    await renderApp(api)
    api.emit('open-offered', { ...FILM, length: null, files: null, from: 'link' })
    const dialog = await screen.findByRole('alertdialog')
    expect(dialog.textContent).toContain(
      '"Night of the Living Dead (1968)", from a link opened in another app.',
    )
    // Cancel has the focus: Enter never opens a stranger's link by accident.
    expect(document.activeElement?.textContent).toBe('Cancel')
    await userEvent.setup().keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull())
    expect(api.sent('open-decline')).toEqual([{ id: 'offer-1' }])
    expect(api.sent('open-accept')).toEqual([])
    expect(route()).toEqual({ page: 'home' })
  })
})
