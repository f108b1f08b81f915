import { useEffect, useState } from 'react'
import type { ApiError, MediaInfo, PlayPlan } from '../../src-shared/contract.js'
import { preferredAudioTrack } from '../../src-shared/media-labels.js'
import { useApi } from '../app/api-context.js'
import { playerCapabilities } from '../playback/capabilities.js'
import { useStore } from '../store/store.js'

export type Playback =
  | { state: 'deciding' }
  | { state: 'ready'; plan: PlayPlan; info: MediaInfo | null }
  | { state: 'failed'; error: ApiError; info: MediaInfo | null }

/**
 * How this file plays here: the engine's probe of it, this browser's answers about its codecs,
 * and the engine's choice from those (direct, remux, audio or full conversion). Without a probe
 * (no ffprobe, an older engine) the file is played as it is.
 */
export function usePlaybackPlan(
  infoHash: string,
  fileIndex: number,
  url: string,
  audioTrack: number | undefined,
): Playback {
  const api = useApi()
  const language = useStore((s) => s.settings?.audioLanguage ?? '')
  const [playback, setPlayback] = useState<Playback>({ state: 'deciding' })
  useEffect(() => {
    let current = true
    const settle = (next: Playback): void => {
      if (current) setPlayback(next)
    }
    void (async () => {
      const probed = await api.request('wt-media-info', { infoHash, fileIndex })
      const info = probed.ok ? probed.value.info : null
      const problem = probed.ok ? probed.value.problem : null
      // ffprobe read the file and found no video in it: the browser would only fail later.
      if (problem?.code === 'MEDIA_UNREADABLE') return settle({ state: 'failed', error: problem, info: null })
      if (!info) return settle({ state: 'ready', plan: asItIs(url), info: null })
      const capabilities = await playerCapabilities(info)
      const track = audioTrack ?? preferredAudioTrack(info.audio, language)
      const planned = await api.request('wt-media-plan', {
        infoHash,
        fileIndex,
        capabilities,
        ...(track === undefined ? {} : { audioTrack: track }),
      })
      if (!planned.ok) return settle({ state: 'failed', error: planned.error, info })
      // The stream URL the page knows follows engine restarts; the plan's direct URL is the same file.
      const plan = planned.value.mode === 'direct' ? { ...planned.value, url } : planned.value
      settle({ state: 'ready', plan, info })
    })()
    return () => {
      current = false
    }
  }, [api, infoHash, fileIndex, url, audioTrack, language])
  return playback
}

function asItIs(url: string): PlayPlan {
  return {
    mode: 'direct',
    url,
    mime: null,
    subtitlesUrl: null,
    audioTrack: null,
    height: null,
    durationSeconds: null,
    reason: 'Plays as it is.',
  }
}
