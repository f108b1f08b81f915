// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { navigate } from '../../src-renderer/store/navigation.js'
import type { LibraryItem, MediaInfo, PlayPlan } from '../../src-shared/contract.js'
import { FakeApi, ok } from './helpers/fake-api.js'
import {
  appInfo,
  HASH_A,
  libraryItem,
  mediaInfo,
  metadata,
  progress,
  serverRunning,
  settings,
} from './helpers/fixtures.js'
import { setMedia, stubMedia, videoElement } from './helpers/media-stubs.js'
import { renderApp, route } from './helpers/render-app.js'

let media: ReturnType<typeof stubMedia>
beforeEach(() => {
  media = stubMedia()
})

/** The player page for file 1 of HASH_A, streaming, with a 100 s video that has a picture. */
async function openPlayer(api = new FakeApi(), library: LibraryItem[] = [], beforeStream = () => {}) {
  api
    .answer('wt-add', ok({ infoHash: HASH_A }))
    .answer('library-play', ok({ infoHash: HASH_A }))
    .answer('library-list', ok({ items: library }))
  await renderApp(api, `#/player/${HASH_A}/1`)
  beforeStream()
  api.emit('wt-metadata', metadata())
  api.emit('wt-server-running', serverRunning())
  await waitFor(() => expect(videoElement().getAttribute('src')).toBeTruthy())
  setMedia(videoElement(), { duration: 100, videoWidth: 1280 })
  fireEvent.durationChange(videoElement())
  return api
}

function downloadedSpans() {
  return [...document.querySelectorAll<HTMLElement>('.seek-downloaded')].map((s) => [
    s.style.left,
    s.style.width,
  ])
}

describe('player page', () => {
  it('fetches the file list first, with the peer count, then plays the stream', async () => {
    const api = new FakeApi().answer('wt-add', ok({ infoHash: HASH_A }))
    await renderApp(api, `#/player/${HASH_A}/1`)
    expect(api.sent('wt-add')).toEqual([{ torrentId: HASH_A, fileIndex: 1 }])
    expect(screen.getByText('Fetching the file list from peers...')).toBeTruthy()
    api.emit('wt-progress', progress([]))
    expect(screen.getByText('(7 peers)')).toBeTruthy()
    api.emit('wt-metadata', metadata())
    api.emit('wt-server-running', serverRunning())
    await waitFor(() => expect(videoElement().getAttribute('src')).toBe(`/stream/${HASH_A}/1/film.mp4`))
    expect(screen.getByRole('heading', { name: 'film.mp4' })).toBeTruthy()
  })

  it('says it is waiting for peers when nobody has the torrent, and goes on when one appears', async () => {
    const api = new FakeApi().answer('wt-add', ok({ infoHash: HASH_A }))
    await renderApp(api, `#/player/${HASH_A}/1`)
    api.emit('wt-progress', { ...progress([]), peers: 0, sendingPeers: 0 })
    expect(screen.getByText(/Waiting for peers: nobody sharing this torrent is reachable yet/)).toBeTruthy()
    api.emit('wt-progress', progress([]))
    expect(screen.getByText('(7 peers)')).toBeTruthy()
    expect(screen.queryByText(/Waiting for peers/)).toBeNull()
  })

  it('counts the wait, explains a long one, and Cancel closes the torrent and goes back', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    try {
      const api = new FakeApi()
        .answer('wt-add', ok({ infoHash: HASH_A }))
        .answer('wt-remove', ok({ removed: true }))
      await renderApp(api, '#/library')
      act(() => navigate({ page: 'player', infoHash: HASH_A, fileIndex: 1 }))
      api.emit('wt-progress', { ...progress([]), peers: 0, sendingPeers: 0 })
      act(() => vi.advanceTimersByTime(12_000))
      expect(screen.getByTitle('Waited so far').textContent).toBe('0:12')
      expect(screen.queryByText(/Seeder counts in search results can be days old/)).toBeNull()
      act(() => vi.advanceTimersByTime(20_000))
      expect(
        screen.getByText(
          /No peer has answered in this time\. Seeder counts in search results can be days old/,
        ),
      ).toBeTruthy()
      await userEvent
        .setup({ advanceTimers: vi.advanceTimersByTime })
        .click(screen.getByRole('button', { name: 'Cancel' }))
      expect(api.sent('wt-remove')).toEqual([{ infoHash: HASH_A }])
      await waitFor(() => expect(route()).toEqual({ page: 'library' }))
    } finally {
      vi.useRealTimers()
    }
  })

  it('closes a torrent still waiting for its file list when the page is left', async () => {
    const api = new FakeApi()
      .answer('wt-add', ok({ infoHash: HASH_A }))
      .answer('wt-remove', ok({ removed: true }))
    await renderApp(api, `#/player/${HASH_A}/1`)
    api.emit('wt-progress', progress([]))
    act(() => navigate({ page: 'home' }))
    await waitFor(() => expect(api.sent('wt-remove')).toEqual([{ infoHash: HASH_A }]))
  })

  it('keeps a torrent that has its file list when the page is left', async () => {
    const api = await openPlayer(new FakeApi().answer('wt-remove', ok({ removed: true })))
    act(() => navigate({ page: 'home' }))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(api.sent('wt-remove')).toEqual([])
  })

  it('draws the downloaded byte ranges and updates them on wt-progress, with the stats', async () => {
    const api = await openPlayer()
    api.emit('wt-progress', progress([[0, 999]]))
    expect(downloadedSpans()).toEqual([['0%', '25%']])
    api.emit(
      'wt-progress',
      progress([
        [0, 999],
        [2000, 2999],
      ]),
    )
    expect(downloadedSpans()).toEqual([
      ['0%', '25%'],
      ['50%', '25%'],
    ])
    const stats = document.querySelector('.player-stats')?.textContent
    expect(stats).toContain('1.6 MB/s')
    expect(stats).toContain('20.5 kB/s')
    expect(stats).toContain('Peers7')
    expect(stats).toContain('20%')
    // Connected peers that send nothing (choking, or with nothing we want) are not sources.
    api.emit('wt-progress', { ...progress([[0, 999]]), sendingPeers: 3 })
    expect(document.querySelector('.player-stats')?.textContent).toContain('Peers3 of 7')
  })

  it('seeks when the seek bar is moved', async () => {
    await openPlayer()
    fireEvent.change(screen.getByRole('slider', { name: 'Seek' }), { target: { value: '42' } })
    expect(videoElement().currentTime).toBe(42)
  })

  it('switches to another video of the torrent', async () => {
    const api = await openPlayer()
    api.answer('wt-select-file', (p) => ok({ url: `/stream/${p.infoHash}/${p.fileIndex}/sample.mp4` }))
    const switcher = screen.getByRole('combobox', { name: 'File' })
    expect([...switcher.querySelectorAll('option')].map((o) => o.textContent)).toEqual([
      'Film/sample.mp4',
      'Film/film.mp4',
    ])
    await userEvent.setup().selectOptions(switcher, '0')
    expect(api.sent('wt-select-file')).toEqual([{ infoHash: HASH_A, fileIndex: 0 }])
    await waitFor(() => expect(videoElement().getAttribute('src')).toBe(`/stream/${HASH_A}/0/sample.mp4`))
    expect(route()).toEqual({ page: 'player', infoHash: HASH_A, fileIndex: 0 })
  })

  it('adds subtitle tracks, the first showing, and a menu that turns them off', async () => {
    await openPlayer()
    const track = videoElement().querySelector('track') as HTMLTrackElement
    expect(track.getAttribute('kind')).toBe('subtitles')
    expect(track.getAttribute('srclang')).toBe('en')
    expect(track.getAttribute('label')).toBe('film.en.srt')
    expect(track.getAttribute('src')).toBe(`/stream/${HASH_A}/2/film.en.srt`)
    expect(track.hasAttribute('default')).toBe(true)
    const menu = screen.getByRole('combobox', { name: 'Subtitles' }) as HTMLSelectElement
    expect(menu.value).toBe('file:2')
    await userEvent.setup().selectOptions(menu, 'off')
    expect(menu.value).toBe('off')
    expect(track.hasAttribute('default')).toBe(false)
  })

  it('copies the absolute stream URL and says so', async () => {
    await openPlayer()
    const user = userEvent.setup()
    const writeText = vi.spyOn(navigator.clipboard, 'writeText')
    await user.click(screen.getByRole('button', { name: 'Copy stream URL' }))
    expect(writeText).toHaveBeenCalledWith(`${window.location.origin}/stream/${HASH_A}/1/film.mp4`)
    expect(await screen.findByText('Stream URL copied')).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Open in VLC' })).toBeNull()
  })

  it('selects the URL in a read-only field when the clipboard is refused', async () => {
    await openPlayer()
    const user = userEvent.setup()
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('denied'))
    await user.click(screen.getByRole('button', { name: 'Copy stream URL' }))
    const field = (await screen.findByRole('textbox', { name: 'Stream URL' })) as HTMLInputElement
    expect(field.readOnly).toBe(true)
    expect(field.value).toBe(`${window.location.origin}/stream/${HASH_A}/1/film.mp4`)
  })

  it('answers the keys of VLC and YouTube, but not inside inputs, and never leaves on Escape', async () => {
    const api = new FakeApi().answer('wt-add', ok({ infoHash: HASH_A }))
    await renderApp(api, '#/library')
    act(() => navigate({ page: 'player', infoHash: HASH_A, fileIndex: 1 }))
    api.emit('wt-metadata', metadata())
    api.emit('wt-server-running', serverRunning())
    setMedia(videoElement(), { duration: 100, videoWidth: 1280 })
    const fullscreen = vi.fn(() => Promise.resolve())
    const surface = videoElement().parentElement as HTMLElement
    surface.requestFullscreen = fullscreen

    const key = (k: string, target: Element = document.body) => fireEvent.keyDown(target, { key: k })
    key(' ')
    expect(media.play).toHaveBeenCalledTimes(1)
    expect(videoElement().paused).toBe(false)
    key('k')
    expect(media.pause).toHaveBeenCalledTimes(1)
    key('ArrowRight')
    key('ArrowRight')
    expect(videoElement().currentTime).toBe(10)
    key('ArrowLeft')
    expect(videoElement().currentTime).toBe(5)
    key('l')
    expect(videoElement().currentTime).toBe(15)
    key('j')
    expect(videoElement().currentTime).toBe(5)
    key('ArrowDown')
    key('ArrowDown')
    expect(videoElement().volume).toBeCloseTo(0.9)
    key('ArrowUp')
    expect(videoElement().volume).toBeCloseTo(0.95)
    key('m')
    expect(videoElement().muted).toBe(true)
    key('f')
    expect(fullscreen).toHaveBeenCalledTimes(1)
    // The picture and its controls go fullscreen, not the page around them.
    expect(fullscreen.mock.contexts[0]).toBe(surface)

    key(' ', screen.getByRole('slider', { name: 'Seek' }))
    key('m', screen.getByRole('combobox', { name: 'File' }))
    expect(media.play).toHaveBeenCalledTimes(1)
    expect(videoElement().muted).toBe(true)

    key('Escape')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(route()).toEqual({ page: 'player', infoHash: HASH_A, fileIndex: 1 })
    expect(media.pause).toHaveBeenCalledTimes(1)
  })

  it('names subtitle files by language, and moves them with g and h or the buttons, and sizes them', async () => {
    await openPlayer()
    const menu = screen.getByRole('combobox', { name: 'Subtitles' }) as HTMLSelectElement
    expect([...menu.options].map((o) => o.textContent)).toEqual(['Off', 'English'])
    const delay = () => screen.getByLabelText('Subtitle delay now').textContent
    expect(delay()).toBe('0 s')
    fireEvent.keyDown(document.body, { key: 'h' })
    fireEvent.keyDown(document.body, { key: 'h' })
    expect(delay()).toBe('+0.2 s')
    fireEvent.keyDown(document.body, { key: 'g' })
    fireEvent.keyDown(document.body, { key: 'g' })
    fireEvent.keyDown(document.body, { key: 'g' })
    expect(delay()).toBe('−0.1 s')
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Subtitles later' }))
    expect(delay()).toBe('0 s')
    await user.selectOptions(screen.getByRole('combobox', { name: 'Subtitle size' }), 'large')
    expect(videoElement().parentElement?.classList.contains('subtitles-large')).toBe(true)
  })

  it('offers the next episode at the end of one and plays it on unless cancelled', async () => {
    const episodes = {
      ...metadata(),
      name: 'Show',
      files: [
        {
          index: 0,
          path: 'Show/Show.S01E02.Second.720p.mkv',
          name: 'Show.S01E02.Second.720p.mkv',
          length: 4000,
          kind: 'video' as const,
        },
        {
          index: 1,
          path: 'Show/Show.S01E01.First.720p.mkv',
          name: 'Show.S01E01.First.720p.mkv',
          length: 4000,
          kind: 'video' as const,
        },
      ],
    }
    const api = new FakeApi()
      .answer('wt-add', ok({ infoHash: HASH_A }))
      .answer('wt-select-file', (p) => ok({ url: `/stream/${p.infoHash}/${p.fileIndex}/e.mkv` }))
    await renderApp(api, `#/player/${HASH_A}/1`)
    api.emit('wt-metadata', episodes)
    api.emit('wt-server-running', serverRunning())
    await waitFor(() => expect(videoElement().getAttribute('src')).toBeTruthy())
    const switcher = screen.getByRole('combobox', { name: 'File' })
    expect([...switcher.querySelectorAll('option')].map((o) => o.textContent)).toEqual([
      'S01E01 · First',
      'S01E02 · Second',
    ])
    vi.useFakeTimers({ shouldAdvanceTime: true })
    try {
      fireEvent.ended(videoElement())
      expect(screen.getByText(/in 5 s/).textContent).toBe('Next: S01E02 · Second in 5 s')
      await userEvent
        .setup({ advanceTimers: vi.advanceTimersByTime })
        .click(screen.getByRole('button', { name: 'Cancel' }))
      act(() => vi.advanceTimersByTime(6000))
      expect(route()).toEqual({ page: 'player', infoHash: HASH_A, fileIndex: 1 })

      fireEvent.ended(videoElement())
      act(() => vi.advanceTimersByTime(5000))
      await waitFor(() => expect(route()).toEqual({ page: 'player', infoHash: HASH_A, fileIndex: 0 }))
    } finally {
      vi.useRealTimers()
    }
  })

  it('turns subtitles off and on again with c', async () => {
    await openPlayer()
    const menu = screen.getByRole('combobox', { name: 'Subtitles' }) as HTMLSelectElement
    expect(menu.value).toBe('file:2')
    fireEvent.keyDown(document.body, { key: 'c' })
    expect(menu.value).toBe('off')
    fireEvent.keyDown(document.body, { key: 'c' })
    expect(menu.value).toBe('file:2')
  })

  it('has one set of controls, its own, over the picture: play, mute, volume, fullscreen', async () => {
    await openPlayer()
    const video = videoElement()
    expect(video.hasAttribute('controls')).toBe(false)
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Play' }))
    expect(media.play).toHaveBeenCalledTimes(1)
    fireEvent.play(video)
    await user.click(screen.getByRole('button', { name: 'Pause' }))
    expect(media.pause).toHaveBeenCalledTimes(1)
    await user.click(screen.getByRole('button', { name: 'Mute' }))
    expect(video.muted).toBe(true)
    fireEvent.volumeChange(video)
    await user.click(screen.getByRole('button', { name: 'Unmute' }))
    expect(video.muted).toBe(false)
    fireEvent.change(screen.getByRole('slider', { name: 'Volume' }), { target: { value: '0.3' } })
    expect(video.volume).toBeCloseTo(0.3)
    const fullscreen = vi.fn(() => Promise.resolve())
    ;(video.parentElement as HTMLElement).requestFullscreen = fullscreen
    await user.click(screen.getByRole('button', { name: 'Fullscreen' }))
    expect(fullscreen).toHaveBeenCalledTimes(1)
    // The track menus live in the controls, over the picture.
    const controls = video.parentElement?.querySelector('.player-controls') as HTMLElement
    expect(controls.contains(screen.getByRole('combobox', { name: 'Subtitles' }))).toBe(true)
  })

  it('hides the controls when the mouse rests on a playing film, and brings them back on movement', async () => {
    await openPlayer()
    const video = videoElement()
    const surface = video.parentElement as HTMLElement
    vi.useFakeTimers()
    try {
      Object.defineProperty(video, 'paused', { value: false, configurable: true })
      fireEvent.play(video)
      fireEvent.pointerMove(surface)
      act(() => vi.advanceTimersByTime(1000))
      expect(surface.classList.contains('controls-hidden')).toBe(false)
      act(() => vi.advanceTimersByTime(2500))
      expect(surface.classList.contains('controls-hidden')).toBe(true)
      fireEvent.pointerMove(surface)
      expect(surface.classList.contains('controls-hidden')).toBe(false)
      // Paused, they stay.
      Object.defineProperty(video, 'paused', { value: true, configurable: true })
      fireEvent.pause(video)
      act(() => vi.advanceTimersByTime(10_000))
      expect(surface.classList.contains('controls-hidden')).toBe(false)
    } finally {
      vi.useRealTimers()
    }
  })

  it('shows where a seek will land when pointing at the seek bar, and whether it is downloaded', async () => {
    const api = await openPlayer()
    // The first quarter of the file's 4000 bytes.
    api.emit('wt-progress', progress([[0, 999]]))
    const seek = screen.getByRole('slider', { name: 'Seek' })
    seek.getBoundingClientRect = () => ({
      left: 0,
      width: 200,
      top: 0,
      height: 10,
      right: 200,
      bottom: 10,
      x: 0,
      y: 0,
      toJSON: () => ({}),
    })
    fireEvent.pointerMove(seek, { clientX: 20 })
    expect(document.querySelector('.seek-aim')?.textContent).toBe('0:10')
    fireEvent.pointerMove(seek, { clientX: 150 })
    expect(document.querySelector('.seek-aim')?.textContent).toBe('1:15 · not downloaded yet')
    fireEvent.pointerLeave(seek)
    expect(document.querySelector('.seek-aim')).toBeNull()
  })

  it("shows a plain panel when the browser can't decode the file, with Open in VLC where possible", async () => {
    const api = new FakeApi()
      .answer('app-info', ok(appInfo({ shell: 'desktop', canOpenExternal: true })))
      .answer('player-open-external', ok({ launched: true }))
    await openPlayer(api)
    setMedia(videoElement(), { videoWidth: 0 })
    fireEvent.loadedMetadata(videoElement())
    expect(screen.getByText("Your browser can't play this file (MP4).")).toBeTruthy()
    expect(document.querySelector('video')).toBeNull()
    expect(screen.getByRole('button', { name: 'Copy stream URL' })).toBeTruthy()
    await userEvent.setup().click(screen.getByRole('button', { name: 'Open in VLC' }))
    expect(api.sent('player-open-external')).toEqual([{ infoHash: HASH_A, fileIndex: 1 }])
  })

  it('shows the same panel on a media error', async () => {
    await openPlayer()
    fireEvent.error(videoElement())
    expect(screen.getByText("Your browser can't play this file (MP4).")).toBeTruthy()
  })

  it.each([
    { position: 600, duration: 100 * 60, expected: 600, why: 'resumes where it stopped' },
    { position: 5, duration: 100 * 60, expected: 0, why: 'starts over within the first 10 s' },
    { position: 95, duration: 100, expected: 0, why: 'starts over after 90% (it was watched)' },
  ])('$why', async ({ position, duration, expected }) => {
    const item = libraryItem({ positions: [{ fileIndex: 1, position, duration, at: Date.now() }] })
    const api = await openPlayer(new FakeApi(), [item])
    expect(api.sent('library-play')).toEqual([{ infoHash: HASH_A, fileIndex: 1 }])
    setMedia(videoElement(), { duration })
    fireEvent.loadedMetadata(videoElement())
    expect(videoElement().currentTime).toBe(expected)
  })

  it('does not resume a position saved for another file', async () => {
    const item = libraryItem({ positions: [{ fileIndex: 0, position: 600, duration: 6000, at: 1 }] })
    await openPlayer(new FakeApi(), [item])
    fireEvent.loadedMetadata(videoElement())
    expect(videoElement().currentTime).toBe(0)
  })

  it('saves the position every 5 s while playing, on pause and on leaving', async () => {
    try {
      const api = await openPlayer(new FakeApi(), [], () =>
        vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }),
      )
      void videoElement().play()
      videoElement().currentTime = 30
      act(() => vi.advanceTimersByTime(5000))
      expect(api.sent('player-position')).toEqual([
        { infoHash: HASH_A, fileIndex: 1, position: 30, duration: 100 },
      ])
      videoElement().currentTime = 33
      videoElement().pause()
      expect(api.sent('player-position').at(-1)).toMatchObject({ position: 33 })
      act(() => vi.advanceTimersByTime(10_000))
      expect(api.sent('player-position')).toHaveLength(2)
      act(() => navigate({ page: 'home' }))
      expect(api.sent('player-position')).toHaveLength(3)
    } finally {
      vi.useRealTimers()
    }
  })

  it('waits once, counted down, when the peers send slower than the film plays, then plays on', async () => {
    const api = await openPlayer()
    // The file: 4000 bytes for 100 s (40 B/s); 400 downloaded ahead; the swarm sends 20 B/s.
    api.emit('wt-progress', { ...progress([[0, 399]]), downloadSpeed: 20 })
    vi.useFakeTimers({ shouldAdvanceTime: true })
    try {
      fireEvent.waiting(videoElement())
      expect(media.pause).toHaveBeenCalled()
      // (100 s x 40 B/s - 400 B) / 20 B/s - 100 s = 80 s.
      expect(screen.getByText(/plays on in 1:20, then without stopping/)).toBeTruthy()
      api.emit('wt-progress', { ...progress([[0, 399]]), downloadSpeed: 100 })
      act(() => vi.advanceTimersByTime(1100))
      expect(media.play).toHaveBeenCalled()
      expect(screen.queryByText(/then without stopping/)).toBeNull()
    } finally {
      vi.useRealTimers()
    }
  })

  it('shows Buffering... while the video waits for data', async () => {
    await openPlayer()
    fireEvent.waiting(videoElement())
    expect(screen.getByText('Buffering...')).toBeTruthy()
    fireEvent.playing(videoElement())
    expect(screen.queryByText('Buffering...')).toBeNull()
  })

  it("shows this torrent's error with a Back button", async () => {
    const api = await openPlayer()
    api.emit('wt-error', { infoHash: HASH_A, code: 'TORRENT_FAILED', message: 'The disk is full.' })
    expect(screen.getByText('The disk is full.')).toBeTruthy()
    await userEvent.setup().click(screen.getByRole('button', { name: 'Back' }))
    await waitFor(() => expect(route()).toEqual({ page: 'home' }))
  })
})

describe('how a file plays: probe, capabilities, plan', () => {
  const twoLanguages: MediaInfo = mediaInfo({
    container: 'matroska',
    containerMime: 'video/x-matroska',
    audio: [
      {
        index: 0,
        codec: 'aac',
        codecString: 'mp4a.40.2',
        channels: 2,
        language: 'eng',
        title: null,
        default: true,
      },
      {
        index: 1,
        codec: 'ac3',
        codecString: 'ac-3',
        channels: 6,
        language: 'fre',
        title: null,
        default: false,
      },
    ],
    subtitles: [
      {
        index: 0,
        codec: 'hdmv_pgs_subtitle',
        language: 'eng',
        title: null,
        default: false,
        forced: false,
        text: false,
      },
    ],
  })
  const direct: PlayPlan = {
    mode: 'direct',
    url: `/stream/${HASH_A}/1/film.mp4`,
    mime: null,
    subtitlesUrl: null,
    audioTrack: 0,
    height: null,
    durationSeconds: 100,
    reason: 'Plays as it is.',
  }

  it('asks for a plan with what this browser decodes, lists the audio tracks, and asks again for another', async () => {
    const api = new FakeApi()
      .answer('wt-media-info', ok({ info: twoLanguages, problem: null }))
      .answer('wt-media-plan', ({ audioTrack }) => ok({ ...direct, audioTrack: audioTrack ?? 0 }))
    await openPlayer(api)
    const menu = (await screen.findByRole('combobox', { name: 'Audio track' })) as HTMLSelectElement
    expect([...menu.options].map((o) => o.text)).toEqual(['English · AAC stereo', 'French · AC3 5.1'])
    const [first] = api.sent('wt-media-plan')
    expect(first).toMatchObject({ infoHash: HASH_A, fileIndex: 1 })
    expect(first?.capabilities.audio).toHaveLength(2)
    expect(first?.audioTrack).toBeUndefined()
    await userEvent.setup().selectOptions(menu, '1')
    await waitFor(() => expect(api.sent('wt-media-plan').at(-1)?.audioTrack).toBe(1))
  })

  it('starts in the audio language chosen in Settings', async () => {
    const api = new FakeApi()
      .answer('settings-get', ok(settings({ audioLanguage: 'fr' })))
      .answer('wt-media-info', ok({ info: twoLanguages, problem: null }))
      .answer('wt-media-plan', ({ audioTrack }) => ok({ ...direct, audioTrack: audioTrack ?? 0 }))
    await openPlayer(api)
    await waitFor(() => expect(api.sent('wt-media-plan')[0]?.audioTrack).toBe(1))
  })

  it('names image subtitles without offering them', async () => {
    const api = new FakeApi()
      .answer('wt-media-info', ok({ info: twoLanguages, problem: null }))
      .answer('wt-media-plan', ok(direct))
    await openPlayer(api)
    const menu = (await screen.findByRole('combobox', { name: 'Subtitles' })) as HTMLSelectElement
    const image = [...menu.options].find((o) => o.text.startsWith('English · PGS'))
    expect(image?.text).toContain('not supported yet')
    expect(image?.disabled).toBe(true)
  })

  it('says in one sentence why a file cannot play here, with the stream URL for VLC', async () => {
    const message =
      'The sound (AC3 5.1) is converted to AAC, but Peerwatch found no ffmpeg to do it: open it in VLC.'
    const api = new FakeApi()
      .answer('wt-media-info', ok({ info: twoLanguages, problem: null }))
      .answer('wt-media-plan', { ok: false, error: { code: 'NO_FFMPEG', message } })
    await renderApp(api.answer('wt-add', ok({ infoHash: HASH_A })), `#/player/${HASH_A}/1`)
    api.emit('wt-metadata', metadata())
    api.emit('wt-server-running', serverRunning())
    await waitFor(() => expect(screen.getByText(message).closest('[role="alert"]')).toBeTruthy())
    expect(screen.getByRole('button', { name: 'Copy stream URL' })).toBeTruthy()
    expect(document.querySelector('video')).toBeNull()
  })
})
