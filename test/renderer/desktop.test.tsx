// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { navigate } from '../../src-renderer/store/navigation.js'
import { FakeApi, ok } from './helpers/fake-api.js'
import { HASH_A, metadata, serverRunning } from './helpers/fixtures.js'
import { setMedia, stubMedia, videoElement } from './helpers/media-stubs.js'
import { renderApp, route } from './helpers/render-app.js'

// What the desktop shell adds to the page: the screen kept awake while a film plays, the engine
// restarting under a playing film, and routes that the main process opens by the URL hash.

let media: ReturnType<typeof stubMedia>
beforeEach(() => {
  media = stubMedia()
})

function desktopApi(): FakeApi {
  return new FakeApi()
    .answer('wt-add', ok({ infoHash: HASH_A }))
    .answer('player-playing', (p) => ok({ playing: p.playing }))
}

async function openPlayer(api = desktopApi()) {
  await renderApp(api, `#/player/${HASH_A}/1`)
  api.emit('wt-metadata', metadata())
  api.emit('wt-server-running', serverRunning())
  await waitFor(() => expect(videoElement().getAttribute('src')).toBeTruthy())
  setMedia(videoElement(), { duration: 100, videoWidth: 1280 })
  fireEvent.loadedMetadata(videoElement())
  return api
}

const playing = (api: FakeApi) => api.sent('player-playing').map((p) => p.playing)

describe('desktop player', () => {
  it('loads the stream with anonymous CORS, so subtitle tracks from the engine origin load', async () => {
    await openPlayer()
    expect(videoElement().getAttribute('crossorigin')).toBe('anonymous')
    await waitFor(() => expect(videoElement().getAttribute('src')).toBe(`/stream/${HASH_A}/1/film.mp4`))
  })

  it('says whether the film plays: on play, pause, end, error, and leaving the player', async () => {
    const api = await openPlayer()
    expect(playing(api)).toEqual([])
    act(() => void videoElement().play())
    fireEvent.playing(videoElement())
    expect(playing(api)).toEqual([true])
    act(() => videoElement().pause())
    expect(playing(api)).toEqual([true, false])
    act(() => void videoElement().play())
    fireEvent.ended(videoElement())
    expect(playing(api)).toEqual([true, false, true, false])
    act(() => void videoElement().play())
    act(() => navigate({ page: 'library' }))
    expect(playing(api)).toEqual([true, false, true, false, true, false])
  })

  it('reports a stop when the video fails', async () => {
    const api = await openPlayer()
    act(() => void videoElement().play())
    fireEvent.error(videoElement())
    expect(playing(api)).toEqual([true, false])
  })

  it('resumes a playing film at its position when the engine announces the stream again', async () => {
    const api = await openPlayer()
    act(() => void videoElement().play())
    videoElement().currentTime = 42
    media.play.mockClear()
    const url = `http://127.0.0.1:4000/new-token/${HASH_A}/1/film.mp4`
    api.emit('wt-server-running', { ...serverRunning(), url })
    await waitFor(() => expect(videoElement().getAttribute('src')).toBe(url))
    videoElement().currentTime = 0 // what loading a new source does
    fireEvent.loadedMetadata(videoElement())
    expect(videoElement().currentTime).toBe(42)
    expect(media.play).toHaveBeenCalledTimes(1)
  })

  it('keeps a paused film paused at its position after the swap', async () => {
    const api = await openPlayer()
    videoElement().currentTime = 17
    media.play.mockClear()
    const url = `http://127.0.0.1:4000/new-token/${HASH_A}/1/film.mp4`
    api.emit('wt-server-running', { ...serverRunning(), url })
    await waitFor(() => expect(videoElement().getAttribute('src')).toBe(url))
    expect(media.pause).toHaveBeenCalled()
    videoElement().currentTime = 0
    fireEvent.loadedMetadata(videoElement())
    expect(videoElement().currentTime).toBe(17)
    expect(media.play).not.toHaveBeenCalled()
    expect(videoElement().paused).toBe(true)
  })

  it('does not take a lost connection for an undecodable file', async () => {
    await openPlayer()
    Object.defineProperty(videoElement(), 'error', { value: { code: 2 }, configurable: true })
    fireEvent.error(videoElement())
    expect(screen.queryByText(/can't play this file/)).toBeNull()
    expect(document.querySelector('video')).not.toBeNull()
  })
})

describe('engine restarts', () => {
  it('shows a banner while the engine restarts and takes fresh snapshots once it is back', async () => {
    const api = desktopApi()
    await renderApp(api)
    const lists = api.sent('wt-list').length
    api.emit('app-engine-status', { state: 'restarting' })
    const banner = document.querySelector('.connection-banner')
    expect(banner?.getAttribute('role')).toBe('status')
    expect(banner?.textContent).toBe('The torrent engine stopped; restarting it...')
    api.emit('app-engine-status', { state: 'running' })
    expect(screen.queryByText('The torrent engine stopped; restarting it...')).toBeNull()
    await waitFor(() => expect(api.sent('wt-list')).toHaveLength(lists + 1))
  })

  it('ignores media errors while the engine restarts, then plays the new stream', async () => {
    const api = await openPlayer()
    act(() => void videoElement().play())
    videoElement().currentTime = 30
    api.emit('app-engine-status', { state: 'restarting' })
    fireEvent.error(videoElement())
    expect(screen.queryByText(/can't play this file/)).toBeNull()
    const url = `http://127.0.0.1:4000/after-restart/${HASH_A}/1/film.mp4`
    api.emit('app-engine-status', { state: 'running' })
    api.emit('wt-server-running', { ...serverRunning(), url })
    await waitFor(() => expect(videoElement().getAttribute('src')).toBe(url))
    fireEvent.loadedMetadata(videoElement())
    expect(videoElement().currentTime).toBe(30)
  })
})

describe('routes opened by the main process', () => {
  it('goes to the player of a torrent the OS opened (main sets #/player/<infohash>)', async () => {
    const api = desktopApi()
    await renderApp(api)
    // Main added it (wt-add from a .torrent double-click); the engine's events reach the page.
    api.emit('wt-infohash', { infoHash: HASH_A, name: 'Film' })
    api.emit('wt-metadata', metadata())
    api.emit('wt-server-running', serverRunning())
    act(() => {
      window.location.hash = `#/player/${HASH_A}`
    })
    await waitFor(() => expect(route()).toEqual({ page: 'player', infoHash: HASH_A, fileIndex: 1 }))
    await waitFor(() => expect(videoElement().getAttribute('src')).toBe(`/stream/${HASH_A}/1/film.mp4`))
    expect(api.sent('wt-add')).toEqual([])
  })

  it('focuses the search box for "Open Magnet Link…", from another page and on the home page', async () => {
    await renderApp(desktopApi(), '#/library')
    act(() => {
      window.location.hash = '#/?focus=search'
    })
    await waitFor(() => expect(route()).toEqual({ page: 'home' }))
    const box = screen.getByRole('textbox', { name: 'Search a film or paste a magnet link' })
    expect(document.activeElement).toBe(box)
    expect(window.location.hash).toBe('#/')

    act(() => box.blur())
    expect(document.activeElement).not.toBe(box)
    act(() => {
      window.location.hash = '#/?focus=search'
    })
    await waitFor(() => expect(document.activeElement).toBe(box))
    expect(window.location.hash).toBe('#/')
  })

  it('opens Settings for the Preferences menu item', async () => {
    await renderApp(desktopApi())
    act(() => {
      window.location.hash = '#/settings'
    })
    await waitFor(() => expect(route()).toEqual({ page: 'settings' }))
  })
})
