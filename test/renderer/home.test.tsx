// @vitest-environment jsdom
import { createEvent, fireEvent, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { FakeApi, ok } from './helpers/fake-api.js'
import { HASH_A, libraryItem } from './helpers/fixtures.js'
import { renderApp, route } from './helpers/render-app.js'

const MAGNET = `magnet:?xt=urn:btih:${HASH_A}&dn=Film`

function dropFile(file: File) {
  const dataTransfer = { files: [file], types: ['Files'] }
  fireEvent(window, Object.assign(createEvent('dragenter', window), { dataTransfer }))
  fireEvent(window, Object.assign(createEvent('drop', window), { dataTransfer }))
}

describe('home page', () => {
  it('opens a pasted magnet link and goes to its player page', async () => {
    const api = new FakeApi().answer('wt-add', ok({ infoHash: HASH_A }))
    await renderApp(api)
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Search a film or paste a magnet link'), MAGNET)
    await user.click(screen.getByRole('button', { name: 'Go' }))
    await waitFor(() => expect(route()).toEqual({ page: 'player', infoHash: HASH_A, fileIndex: null }))
    expect(api.sent('wt-add')).toEqual([{ torrentId: MAGNET }])
    expect(window.location.hash).toBe(`#/player/${HASH_A}`)
    expect(await screen.findByText('Fetching the file list from peers...')).toBeTruthy()
  })

  it('opens a bare infohash and a .torrent URL, and searches for anything else', async () => {
    const api = new FakeApi().answer('wt-add', ok({ infoHash: HASH_A }))
    await renderApp(api)
    const user = userEvent.setup()
    const box = screen.getByLabelText('Search a film or paste a magnet link')
    await user.type(box, `${HASH_A.toUpperCase()}{Enter}`)
    await waitFor(() => expect(api.sent('wt-add')).toEqual([{ torrentId: HASH_A }]))

    window.location.hash = '#/'
    const url = 'https://example.org/dl/film.torrent'
    await user.type(await screen.findByLabelText('Search a film or paste a magnet link'), `${url}{Enter}`)
    await waitFor(() => expect(api.sent('wt-add').at(-1)).toEqual({ torrentId: url }))

    window.location.hash = '#/'
    const home = await screen.findByLabelText('Search a film or paste a magnet link')
    await user.type(home, 'the big lebowski{Enter}')
    await waitFor(() =>
      expect(route()).toEqual({ page: 'results', query: 'the big lebowski', category: 'video' }),
    )
    expect(window.location.hash).toBe('#/results?q=the+big+lebowski')
    await waitFor(() =>
      expect(api.sent('search')).toEqual([{ query: 'the big lebowski', category: 'video' }]),
    )
    expect(api.sent('wt-add')).toHaveLength(2)
  })

  it('says in words, before sending anything, that a paste is too long to search or open', async () => {
    const api = new FakeApi()
    await renderApp(api)
    const box = screen.getByLabelText('Search a film or paste a magnet link')
    fireEvent.change(box, { target: { value: 'a long paste '.repeat(20) } })
    fireEvent.submit(box)
    const problem = () => document.getElementById('search-problem')
    expect(problem()?.textContent).toBe('The search is too long: at most 200 characters.')
    expect(problem()?.getAttribute('role')).toBe('alert')
    fireEvent.change(box, { target: { value: `${MAGNET}&tr=${'x'.repeat(100_000)}` } })
    expect(problem()).toBeNull()
    fireEvent.submit(box)
    expect(problem()?.textContent).toBe('The link is too long: at most 16384 characters.')
    expect(box.getAttribute('aria-invalid')).toBe('true')
    expect(api.sent('search')).toEqual([])
    expect(api.sent('wt-add')).toEqual([])
  })

  it('sends the bytes of a .torrent file dropped on the window', async () => {
    const api = new FakeApi().answer('wt-add', ok({ infoHash: HASH_A }))
    await renderApp(api)
    const bytes = new Uint8Array([100, 56, 58, 97, 110, 110, 101])
    dropFile(new File([bytes], 'film.torrent', { type: 'application/x-bittorrent' }))
    await waitFor(() => expect(api.sent('wt-add')).toHaveLength(1))
    const payload = api.sent('wt-add')[0] as { torrentFile: Uint8Array }
    expect(payload.torrentFile).toBeInstanceOf(Uint8Array)
    expect([...payload.torrentFile]).toEqual([...bytes])
    await waitFor(() => expect(route()).toMatchObject({ page: 'player', infoHash: HASH_A }))
  })

  it('shows the drop overlay while a file is dragged over the window', async () => {
    await renderApp(new FakeApi())
    const dataTransfer = { files: [], types: ['Files'] }
    fireEvent(window, Object.assign(createEvent('dragenter', window), { dataTransfer }))
    expect(screen.getByText('Drop the .torrent file to watch it')).toBeTruthy()
    fireEvent(window, Object.assign(createEvent('dragleave', window), { dataTransfer }))
    expect(screen.queryByText('Drop the .torrent file to watch it')).toBeNull()
  })

  it('refuses a file that is not a .torrent, or too large, with a toast', async () => {
    const api = new FakeApi()
    await renderApp(api)
    dropFile(new File(['hello'], 'notes.txt', { type: 'text/plain' }))
    expect((await screen.findByRole('alert')).textContent).toContain('"notes.txt" is not a .torrent file.')
    const big = new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'huge.torrent')
    dropFile(big)
    await screen.findByText('"huge.torrent" is larger than 10 MB.')
    expect(api.sent('wt-add')).toHaveLength(0)
  })

  it('opens a .torrent file picked with the button', async () => {
    const api = new FakeApi().answer('wt-add', ok({ infoHash: HASH_A }))
    await renderApp(api)
    const user = userEvent.setup()
    expect(screen.getByRole('button', { name: 'Open .torrent file' })).toBeTruthy()
    await user.upload(
      screen.getByLabelText('Open .torrent file'),
      new File([new Uint8Array([1, 2, 3])], 'x.torrent'),
    )
    await waitFor(() => expect(api.sent('wt-add')).toHaveLength(1))
    expect([...(api.sent('wt-add')[0] as { torrentFile: Uint8Array }).torrentFile]).toEqual([1, 2, 3])
  })

  it('shows the six most recent library items and plays one on click', async () => {
    const items = Array.from({ length: 8 }, (_, i) =>
      libraryItem({ infoHash: String(i).repeat(40), name: `Film ${i}`, lastActiveAt: 1000 + i }),
    )
    const api = new FakeApi()
      .answer('library-list', ok({ items }))
      .answer('library-play', (p) => ok({ infoHash: p.infoHash }))
    await renderApp(api)
    const recent = screen.getByRole('region', { name: 'Recent' })
    const names = [...recent.querySelectorAll('.recent-name')].map((n) => n.textContent)
    expect(names).toEqual(['Film 7', 'Film 6', 'Film 5', 'Film 4', 'Film 3', 'Film 2'])
    await userEvent.setup().click(screen.getByText('Film 5'))
    await waitFor(() => expect(route()).toMatchObject({ page: 'player', infoHash: '5'.repeat(40) }))
    expect(api.sent('library-play')).toEqual([{ infoHash: '5'.repeat(40) }])
  })

  it('shows on a recent card how much of the film was watched', async () => {
    const watched = libraryItem({
      infoHash: HASH_A,
      name: 'Half Seen',
      positions: [{ fileIndex: 1, position: 38, duration: 100, at: Date.now() - 3 * 60_000 }],
    })
    await renderApp(new FakeApi().answer('library-list', ok({ items: [watched] })))
    const card = screen.getByRole('button', { name: /Half Seen/ })
    expect(card.textContent).toContain('Watched 0:38 of 1:40')
    expect(card.textContent).toContain('3 minutes ago')
    expect((card.querySelector('progress') as HTMLProgressElement).value).toBe(38)
  })
})
