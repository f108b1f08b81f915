// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { FakeApi, ok } from './helpers/fake-api.js'
import {
  DAY,
  HASH_A,
  HASH_B,
  mediaInfo,
  metadata,
  progress,
  result,
  serverRunning,
} from './helpers/fixtures.js'
import { renderApp, route } from './helpers/render-app.js'

const now = Date.now()
const RESULTS = [
  result({
    name: 'Small but popular',
    infoHash: '1'.repeat(40),
    size: 700 * 1024 ** 2,
    seeders: 120,
    added: new Date(now - 30 * DAY).toISOString(),
  }),
  result({
    name: 'Huge and rare',
    infoHash: '2'.repeat(40),
    size: 8 * 1024 ** 3,
    seeders: 3,
    uploaderStatus: 'vip',
    added: new Date(now - 400 * DAY).toISOString(),
  }),
  result({
    name: 'Fresh',
    infoHash: '3'.repeat(40),
    size: 1.5 * 1024 ** 3,
    seeders: 40,
    uploaderStatus: 'trusted',
    added: new Date(now - 3 * DAY).toISOString(),
  }),
]

function names(): string[] {
  const list = screen.getByRole('list', { name: /Results for/ })
  return [...list.querySelectorAll('.result-name')].map((name) => name.textContent ?? '')
}

async function showResults(api: FakeApi, query = 'film') {
  await renderApp(api, `#/results?q=${query}`)
  await waitFor(() => expect(screen.queryByText(/Searching for/)).toBeNull())
}

describe('results page', () => {
  it('lists results by seeders, then re-sorts by size and by age', async () => {
    const api = new FakeApi().answer('search', ok({ results: RESULTS, failures: [] }))
    await showResults(api)
    await screen.findByText('Small but popular')
    expect(api.sent('search')).toEqual([{ query: 'film', category: 'video' }])
    expect(names()).toEqual(['Small but popular', 'Fresh', 'Huge and rare'])
    expect(screen.getByRole('button', { name: 'Seeders' }).getAttribute('aria-pressed')).toBe('true')

    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Size' }))
    expect(names()).toEqual(['Huge and rare', 'Fresh', 'Small but popular'])
    expect(screen.getByRole('button', { name: 'Size' }).getAttribute('aria-pressed')).toBe('true')
    await user.click(screen.getByRole('button', { name: 'Newest' }))
    expect(names()).toEqual(['Fresh', 'Small but popular', 'Huge and rare'])
  })

  it('shows size, seeders, uploader badges, age and source in words', async () => {
    const api = new FakeApi().answer('search', ok({ results: RESULTS, failures: [] }))
    await showResults(api)
    const row = (await screen.findByText('Huge and rare')).closest('li') as HTMLElement
    expect(row.textContent).toContain('8.6 GB')
    expect(row.textContent).toContain('3 seeders, 2 leechers')
    expect(row.textContent).toContain('VIP')
    expect(row.textContent).toContain('1 year ago')
    expect(row.textContent).toContain('The Pirate Bay')
    expect(row.textContent).not.toContain('apibay')
    const popular = screen.getByText('Small but popular').closest('li') as HTMLElement
    expect(popular.textContent).toContain('734 MB')
    expect(popular.textContent).toContain('120 seeders')
    expect(popular.querySelectorAll('.bar.on')).toHaveLength(4)
    expect(screen.getByText('Fresh').closest('li')?.textContent).toContain('3 days ago')
  })

  it("shows each copy's quality from its name, marks what converts, and filters by resolution", async () => {
    const copies = [
      result({ name: 'Film.2019.1080p.BluRay.x264.DTS-GRP', infoHash: '4'.repeat(40), seeders: 50 }),
      result({ name: 'Film.2019.720p.WEB.x264.AAC', infoHash: '5'.repeat(40), seeders: 40 }),
      result({ name: 'Film 2019 HDCAM', infoHash: '6'.repeat(40), seeders: 30 }),
    ]
    const api = new FakeApi().answer('search', ok({ results: copies, failures: [] }))
    await showResults(api)
    const bluray = (await screen.findByText(copies[0]?.name ?? '')).closest('li') as HTMLElement
    const chips = [...bluray.querySelectorAll('.chip')].map((c) => c.textContent)
    // No browser decodes DTS: the sound is converted as it plays.
    expect(chips).toEqual(['1080p', 'BluRay', 'H.264', 'DTS', 'Converts the sound'])
    const web = screen.getByText(copies[1]?.name ?? '').closest('li') as HTMLElement
    expect([...web.querySelectorAll('.chip')].map((c) => c.textContent)).toEqual([
      '720p',
      'WEB',
      'H.264',
      'AAC',
    ])
    const cam = screen.getByText('Film 2019 HDCAM').closest('li') as HTMLElement
    expect(cam.querySelector('.chip-warn')?.textContent).toBe('CAM')

    await userEvent.setup().selectOptions(screen.getByRole('combobox', { name: 'Resolution' }), '720p')
    expect(names()).toEqual(['Film.2019.720p.WEB.x264.AAC'])
  })

  it('shows copies of one film under a card with what the film is, to confirm before a copy', async () => {
    const copies = [
      result({
        name: 'Night.of.the.Living.Dead.1968.1080p.BluRay',
        infoHash: '7'.repeat(40),
        seeders: 90,
        imdb: 'tt0063350',
      }),
      result({ name: 'Night of the Living Dead (1968) 720p', infoHash: '8'.repeat(40), seeders: 20 }),
      result({ name: 'Home movie', infoHash: '9'.repeat(40), seeders: 5 }),
      result({ name: 'Sintel 2010 720p', infoHash: 'e'.repeat(40), seeders: 1 }),
    ]
    const poster = 'data:image/png;base64,iVBORw0KGgo='
    const api = new FakeApi()
      .answer('search', ok({ results: copies, failures: [] }))
      .answer('film-info', (p) =>
        ok({
          film:
            p.imdb === 'tt0063350'
              ? {
                  imdb: p.imdb,
                  title: 'Night of the Living Dead',
                  year: 1968,
                  description: '1968 film by George A. Romero',
                  poster,
                }
              : null,
        }),
      )
    await showResults(api)
    const card = (await screen.findByRole('heading', { name: 'Night of the Living Dead (1968)' })).closest(
      'li',
    ) as HTMLElement
    expect(await within(card).findByText('1968 film by George A. Romero')).toBeTruthy()
    expect(
      within(card).getByRole('img', { name: 'Poster of Night of the Living Dead' }).getAttribute('src'),
    ).toBe(poster)
    expect(card.textContent).toContain('2 copies · most shared: 1080p, 90 seeders')
    expect(api.sent('film-info')).toEqual([{ imdb: 'tt0063350' }])
    // The copies show once the film is confirmed.
    expect(within(card).queryByRole('button', { name: /^Watch/ })).toBeNull()
    await userEvent
      .setup()
      .click(within(card).getByRole('button', { name: 'Choose a copy of Night of the Living Dead' }))
    expect(within(card).getAllByRole('button', { name: /^Watch/ })).toHaveLength(2)
    // A result that names no film stays a plain row; another film gets its own card.
    expect(screen.getByRole('button', { name: 'Watch Home movie' })).toBeTruthy()
    expect(screen.getByRole('heading', { name: 'Sintel (2010)' })).toBeTruthy()
  })

  it('shows a web-seeded result (archive.org) as always available, not as one weak seeder', async () => {
    const archived = result({
      provider: 'internet-archive',
      name: 'Night of the Living Dead (1968)',
      seeders: 1,
      leechers: 0,
      magnet: `magnet:?xt=urn:btih:${'c'.repeat(40)}&ws=https%3A%2F%2Farchive.org%2Fdownload%2F`,
      infoHash: 'c'.repeat(40),
    })
    const swarmOnly = result({ name: 'One lonely seeder', seeders: 1, leechers: 0, infoHash: 'd'.repeat(40) })
    const api = new FakeApi().answer('search', ok({ results: [archived, swarmOnly], failures: [] }))
    await showResults(api)
    // A film's copies open under its card.
    await userEvent
      .setup()
      .click(await screen.findByRole('button', { name: 'Choose a copy of Night of the Living Dead' }))
    const archive = screen
      .getByRole('button', { name: /^Watch Night of the Living Dead/ })
      .closest('li') as HTMLElement
    expect(archive.textContent).toContain('web seed, always available')
    expect(archive.querySelectorAll('.bar.on')).toHaveLength(3)
    const lonely = screen.getByText('One lonely seeder').closest('li') as HTMLElement
    expect(lonely.textContent).toContain('1 seeder, 0 leechers')
    expect(lonely.querySelectorAll('.bar.on')).toHaveLength(1)
  })

  it('renders a name with markup as plain text', async () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    const api = new FakeApi().answer('search', ok({ results: [result({ name: evil })], failures: [] }))
    await showResults(api)
    expect((await screen.findByText(evil)).textContent).toBe(evil)
    expect(document.querySelector('main script, main img')).toBeNull()
  })

  it("shows one provider's failure beside the others' results", async () => {
    const failures = [
      { provider: 'apibay', code: 'SEARCH_FAILED', message: 'The Pirate Bay did not answer within 8 s.' },
    ]
    const api = new FakeApi().answer('search', ok({ results: RESULTS, failures }))
    await showResults(api)
    await screen.findByText('Fresh')
    // Named for people; the internal id never shows.
    const notice = screen.getByRole('list', { name: 'Sources that did not answer' }).textContent
    expect(notice).toBe(
      'The Pirate Bay did not answer within 8 s. The results below are from the other sources.',
    )
    expect(notice).not.toContain('apibay')
  })

  it('says the search failed, with Retry, when no source answered, and never "Nothing found"', async () => {
    const failures = [
      { provider: 'apibay', code: 'SEARCH_FAILED', message: 'The Pirate Bay answered 500.' },
      {
        provider: 'archive',
        code: 'SEARCH_FAILED',
        message: 'The Internet Archive answered with a web page.',
      },
    ]
    const api = new FakeApi().answer('search', ok({ results: [], failures }))
    await showResults(api)
    expect(await screen.findByText('The search failed.')).toBeTruthy()
    expect(screen.getByText('The Pirate Bay answered 500.')).toBeTruthy()
    expect(screen.queryByText(/Nothing found/)).toBeNull()
    api.answer('search', ok({ results: RESULTS, failures: [] }))
    await userEvent.setup().click(screen.getByRole('button', { name: 'Retry' }))
    expect(await screen.findByText('Fresh')).toBeTruthy()
  })

  it('shows a whole failure (the channel not answered yet) with Retry', async () => {
    const api = new FakeApi()
    await showResults(api)
    expect(await screen.findByText('The search failed: No answer for search')).toBeTruthy()
    api.answer('search', ok({ results: [], failures: [] }))
    await userEvent.setup().click(screen.getByRole('button', { name: 'Retry' }))
    expect(await screen.findByText('Nothing found for “film”.')).toBeTruthy()
    expect(api.sent('search')).toHaveLength(2)
    await userEvent.setup().type(screen.getByLabelText('Search a film or paste a magnet link'), '{Enter}')
    await waitFor(() => expect(api.sent('search')).toHaveLength(3))
  })

  it('searches again in another category', async () => {
    const api = new FakeApi().answer('search', ok({ results: RESULTS, failures: [] }))
    await showResults(api)
    await userEvent.setup().selectOptions(screen.getByRole('combobox', { name: 'Category' }), 'movies')
    await waitFor(() => expect(api.sent('search').at(-1)).toEqual({ query: 'film', category: 'movies' }))
    expect(window.location.hash).toBe('#/results?q=film&c=movies')
  })

  it('confirming a row fetches its file list, preselects the largest video and plays it', async () => {
    const api = new FakeApi()
      .answer(
        'search',
        ok({
          results: [result({ infoHash: HASH_A }), result({ infoHash: HASH_B, name: 'Other' })],
          failures: [],
        }),
      )
      .answer('wt-add', ok({ infoHash: HASH_A }))
    await showResults(api)
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Watch Some Film 1080p' }))
    expect(api.sent('wt-add')).toEqual([{ torrentId: `magnet:?xt=urn:btih:${HASH_A}` }])
    expect(await screen.findByText('Fetching the file list from peers...')).toBeTruthy()
    expect(screen.getByRole('progressbar', { name: 'Fetching the file list' })).toBeTruthy()

    api.emit('wt-metadata', metadata(HASH_A))
    const films = screen.getAllByRole('radio')
    expect(films.map((r) => r.closest('label')?.textContent)).toEqual([
      'Film/sample.mp41.0 kB',
      'Film/film.mp44.0 kB',
    ])
    expect((screen.getByRole('radio', { name: /film\.mp4/ }) as HTMLInputElement).checked).toBe(true)
    api.emit('wt-server-running', serverRunning(HASH_A, 1))

    await user.click(screen.getByRole('button', { name: 'Play' }))
    await waitFor(() => expect(route()).toEqual({ page: 'player', infoHash: HASH_A, fileIndex: 1 }))
    expect(api.sent('wt-select-file')).toEqual([])
  })

  it('says before Play whether the copy plays through at the speed the peers send now', async () => {
    const api = new FakeApi()
      .answer('search', ok({ results: [result({ infoHash: HASH_A })], failures: [] }))
      .answer('wt-add', ok({ infoHash: HASH_A }))
      .answer('wt-media-info', ok({ info: mediaInfo({ durationSeconds: 100 }), problem: null }))
    await showResults(api)
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Watch Some Film 1080p' }))
    api.emit('wt-metadata', metadata(HASH_A))
    api.emit('wt-server-running', serverRunning(HASH_A, 1))
    // film.mp4: 4000 bytes for 100 s need 40 B/s; the peers send 20.
    api.emit('wt-progress', { ...progress([], HASH_A), downloadSpeed: 20 })
    expect(
      await screen.findByText(
        'At 20 B/s from the peers now, it plays without stopping after about 1:40 of waiting.',
      ),
    ).toBeTruthy()
    api.emit('wt-progress', { ...progress([], HASH_A), downloadSpeed: 50 })
    expect(await screen.findByText('At 50 B/s from the peers now, it plays without stopping.')).toBeTruthy()
  })

  it('asks the engine for another file when the person picks one', async () => {
    const api = new FakeApi()
      .answer('search', ok({ results: [result({ infoHash: HASH_A })], failures: [] }))
      .answer('wt-add', ok({ infoHash: HASH_A }))
      .answer('wt-select-file', (p) => ok({ url: `/stream/${p.infoHash}/${p.fileIndex}/x.mp4` }))
    await showResults(api)
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: /^Watch/ }))
    api.emit('wt-metadata', metadata(HASH_A))
    await user.click(screen.getByRole('radio', { name: /sample\.mp4/ }))
    await user.click(screen.getByRole('button', { name: 'Play' }))
    await waitFor(() => expect(route()).toEqual({ page: 'player', infoHash: HASH_A, fileIndex: 0 }))
    expect(api.sent('wt-select-file')).toEqual([{ infoHash: HASH_A, fileIndex: 0 }])
  })
})
