// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { FakeApi, ok } from './helpers/fake-api.js'
import { libraryItem } from './helpers/fixtures.js'
import { renderApp } from './helpers/render-app.js'

// After the download folder changed, the films left in the old one stay listed, where they
// are, and Settings offers to move them with progress.

const OLD = '/media/old-drive/Peerwatch'

describe('downloads in an earlier folder', () => {
  it('are listed with where they are, and Settings moves them all with progress', async () => {
    const films = [
      libraryItem({ infoHash: 'a'.repeat(40), name: 'Metropolis', downloaded: 2_000_000_000, folder: OLD }),
      libraryItem({ infoHash: 'b'.repeat(40), name: 'Nosferatu', downloaded: 500_000_000 }),
    ]
    let finish: (moved: number) => void = () => {}
    const api = new FakeApi()
      .answer('library-list', ok({ items: films }))
      .answer('library-move', () => new Promise((resolve) => (finish = (moved) => resolve(ok({ moved })))))
    await renderApp(api, '#/library')
    expect((await screen.findByRole('rowheader', { name: /Metropolis/ })).textContent).toContain(
      `In an earlier download folder: ${OLD}`,
    )
    expect(screen.getByRole('rowheader', { name: /Nosferatu/ }).textContent).not.toContain('earlier')

    cleanup()
    await renderApp(api, '#/settings')
    const offer = await screen.findByRole('region', { name: 'Downloads in earlier folders' })
    expect(offer.textContent).toContain('1 download (2.0 GB) is in an earlier download folder.')
    await userEvent.setup().click(screen.getByRole('button', { name: 'Move them here' }))
    api.emit('library-move-progress', {
      infoHash: 'a'.repeat(40),
      name: 'Metropolis',
      moved: 500,
      total: 2000,
    })
    expect(await screen.findByText('Moving "Metropolis": 25%')).toBeTruthy()
    expect(api.sent('library-move')).toEqual([{}])
    finish(1)
    api.emit('library-changed', { items: [{ ...films[0], folder: undefined } as never, films[1] as never] })
    expect(await screen.findByText('Moved 1 download')).toBeTruthy()
    await waitFor(() =>
      expect(screen.queryByRole('region', { name: 'Downloads in earlier folders' })).toBeNull(),
    )
  })
})
