import { type ReactNode, type RefObject, type SyntheticEvent, useEffect, useRef, useState } from 'react'
import type { PlayPlan, SubtitleTrack, TorrentFileInfo } from '../../../src-shared/contract.js'
import { useApi } from '../../app/api-context.js'
import { nextEpisode } from '../../episodes.js'
import { formatDuration } from '../../format.js'
import { useControlsVisibility } from '../../hooks/use-controls-visibility.js'
import { useConvertedStream } from '../../hooks/use-converted-stream.js'
import { type Playback, usePlaybackPlan } from '../../hooks/use-playback-plan.js'
import { usePlaybackReport } from '../../hooks/use-playback-report.js'
import { toggleFullscreen, togglePlay, usePlayerKeys } from '../../hooks/use-player-keys.js'
import { usePositionSaving } from '../../hooks/use-position-saving.js'
import { useSilenceWatch } from '../../hooks/use-silence-watch.js'
import { useStreamSource } from '../../hooks/use-stream-source.js'
import { useTorrentFiles } from '../../hooks/use-torrent-files.js'
import { useVideoState } from '../../hooks/use-video-state.js'
import { downloadedFractions, resumeTarget } from '../../media.js'
import { useSteadyBuffering } from '../../playback/steady-buffer.js'
import { useSubtitleDelay } from '../../playback/subtitle-delay.js'
import { useStore } from '../../store/store.js'
import type { TorrentView } from '../../store/torrents-slice.js'
import { AudioTrackMenu } from './audio-track-menu.js'
import { CannotPlayPanel, DecodeErrorPanel } from './decode-error-panel.js'
import { FileSwitcher } from './file-switcher.js'
import { NextEpisode } from './next-episode.js'
import { PlayerControls } from './player-controls.js'
import { PlayerStats } from './player-stats.js'
import { StreamActions } from './stream-actions.js'
import {
  defaultSubtitleChoice,
  nextSubtitleChoice,
  type SubtitleChoice,
  SubtitleMenu,
  type SubtitleSize,
  SubtitleTracks,
  useEmbeddedSubtitles,
  useSubtitleFileMode,
} from './subtitles.js'

interface Props {
  torrent: TorrentView
  fileIndex: number
  url: string
}

/** The playing file: the picture with its controls over it, stats and the ways out below. */
export function PlayerView({ torrent, fileIndex, url }: Props) {
  const api = useApi()
  const videoRef = useRef<HTMLVideoElement>(null)
  const surfaceRef = useRef<HTMLDivElement>(null)
  const controlsRef = useRef<HTMLDivElement>(null)
  const files = useTorrentFiles(torrent.infoHash)
  const file = files.find((f) => f.index === fileIndex)
  const fileName = file?.name ?? torrent.name
  const video = useVideoState(videoRef)
  const checks = usePlaybackChecks(torrent.infoHash, fileIndex, file)
  const [audioTrack, setAudioTrack] = useState<number | undefined>(undefined)
  const playback = usePlaybackPlan(torrent.infoHash, fileIndex, url, audioTrack)
  const [streamError, setStreamError] = useState<string | null>(null)
  const [chosenSubtitles, setChosenSubtitles] = useState<SubtitleChoice | null>(null)
  const [subtitleSize, setSubtitleSize] = useState<SubtitleSize>('medium')
  const [subtitleDelay, setSubtitleDelay] = useState(0)
  const info = playback.state === 'deciding' ? null : playback.info
  const embedded = info?.subtitles ?? []
  const subtitleChoice = chosenSubtitles ?? defaultSubtitleChoice(torrent.subtitles, embedded)
  usePlayerKeys(videoRef, surfaceRef, {
    cycleSubtitles: () => setChosenSubtitles(nextSubtitleChoice(subtitleChoice, torrent.subtitles, embedded)),
    delaySubtitles: (by) => setSubtitleDelay((d) => Math.round((d + by) * 10) / 10),
  })
  useSubtitleDelay(videoRef, subtitleDelay)
  const fullscreen = useIsFullscreen(surfaceRef)
  const controlsShown = useControlsVisibility(surfaceRef, controlsRef, video.paused)
  usePositionSaving(api, torrent.infoHash, fileIndex, videoRef)
  usePlaybackReport(api, videoRef)
  useSubtitleFileMode(videoRef, subtitleChoice, torrent.subtitles)
  useEmbeddedSubtitles(
    videoRef,
    subtitleChoice,
    playback.state === 'ready' ? playback.plan.subtitlesUrl : null,
    embedded,
  )
  const ranges = torrent.progress?.files.find((f) => f.index === fileIndex)?.ranges ?? []
  const holdSeconds = useSteadyBuffering(videoRef, {
    length: file?.length ?? 0,
    duration: video.duration,
    position: video.currentTime,
    ranges,
    rate: torrent.progress?.downloadSpeed ?? 0,
  })
  const stream = { infoHash: torrent.infoHash, fileIndex, url }
  const cannotPlay = streamError ?? (playback.state === 'failed' ? playback.error.message : null)
  // Unknown sound (no probe) or sound the plan says plays: either way, a silence is worth saying.
  const silent = useSilenceWatch(
    videoRef,
    playback.state === 'ready' && (info === null || info.audio.length > 0),
  )

  const trackMenus = (
    <>
      {info && info.audio.length > 1 && (
        <AudioTrackMenu
          tracks={info.audio}
          chosen={playback.state === 'ready' ? playback.plan.audioTrack : (audioTrack ?? null)}
          onChoose={(index) => {
            setStreamError(null)
            setAudioTrack(index)
          }}
        />
      )}
      {torrent.subtitles.length + embedded.length > 0 && (
        <SubtitleMenu
          files={torrent.subtitles}
          embedded={embedded}
          choice={subtitleChoice}
          onChoose={setChosenSubtitles}
          size={subtitleSize}
          onSize={setSubtitleSize}
          delay={subtitleDelay}
          onDelay={setSubtitleDelay}
        />
      )}
    </>
  )

  return (
    <section className="player" aria-label="Player">
      <h1 className="player-title">{fileName}</h1>
      {cannotPlay !== null ? (
        <CannotPlayPanel message={cannotPlay} {...stream} />
      ) : checks.undecodable ? (
        <DecodeErrorPanel fileName={fileName} {...stream} />
      ) : (
        <VideoSurface
          surfaceRef={surfaceRef}
          videoRef={videoRef}
          controlsShown={controlsShown}
          subtitleSize={subtitleSize}
          playback={playback}
          onStreamError={setStreamError}
          subtitles={torrent.subtitles}
          subtitleChoice={subtitleChoice}
          buffering={video.buffering}
          holdSeconds={holdSeconds}
          noPeers={torrent.progress?.sendingPeers === 0}
          onError={checks.onError}
          onLoadedMetadata={checks.onLoadedMetadata}
        >
          <PlayerControls
            ref={controlsRef}
            videoRef={videoRef}
            video={video}
            downloaded={downloadedFractions(ranges, file?.length ?? 0)}
            fullscreen={fullscreen}
            onToggleFullscreen={() => toggleFullscreen(surfaceRef.current)}
          >
            {trackMenus}
          </PlayerControls>
          <NextEpisode
            videoRef={videoRef}
            infoHash={torrent.infoHash}
            next={nextEpisode(
              files.filter((f) => f.kind === 'video'),
              fileIndex,
            )}
          />
        </VideoSurface>
      )}
      {silent && cannotPlay === null && (
        <p className="silence-warning" role="alert">
          No sound is playing: this browser cannot decode this film's sound
          {info === null ? ', and Peerwatch could not read the file to convert it' : ''}. Open it in VLC to
          hear it.
        </p>
      )}
      <div className="player-bar">
        <PlayerStats progress={torrent.progress} />
        <FileSwitcher {...stream} videos={files.filter((f) => f.kind === 'video')} />
        {!checks.undecodable && cannotPlay === null && <StreamActions {...stream} />}
      </div>
    </section>
  )
}

/** Whether `ref`'s element is the one in fullscreen. */
function useIsFullscreen(ref: RefObject<HTMLElement | null>): boolean {
  const [fullscreen, setFullscreen] = useState(false)
  useEffect(() => {
    const update = () =>
      setFullscreen(document.fullscreenElement !== null && document.fullscreenElement === ref.current)
    document.addEventListener('fullscreenchange', update)
    return () => document.removeEventListener('fullscreenchange', update)
  }, [ref])
  return fullscreen
}

interface SurfaceProps {
  surfaceRef: RefObject<HTMLDivElement | null>
  videoRef: RefObject<HTMLVideoElement | null>
  /** The overlay controls, and whether they show now. */
  children: ReactNode
  controlsShown: boolean
  subtitleSize: SubtitleSize
  playback: Playback
  onStreamError(message: string): void
  subtitles: SubtitleTrack[]
  subtitleChoice: SubtitleChoice
  buffering: boolean
  /** Seconds of the one long wait for a slow swarm (useSteadyBuffering), or null. */
  holdSeconds: number | null
  /** Nobody to download from right now: say so rather than just "buffering". */
  noPeers: boolean
  onError(event: SyntheticEvent<HTMLVideoElement>): void
  onLoadedMetadata(event: SyntheticEvent<HTMLVideoElement>): void
}

function VideoSurface({
  surfaceRef,
  videoRef,
  children,
  controlsShown,
  subtitleSize,
  playback,
  onStreamError,
  subtitles,
  subtitleChoice,
  buffering,
  holdSeconds,
  noPeers,
  ...handlers
}: SurfaceProps) {
  const plan: PlayPlan | null = playback.state === 'ready' ? playback.plan : null
  useStreamSource(videoRef, plan?.mode === 'direct' ? plan.url : null)
  useConvertedStream(videoRef, plan, onStreamError)
  // Anonymous CORS: on the desktop the streams come from the engine's own origin (which allows
  // the page's), and <track> subtitles load only with CORS; on the web they are same-origin.
  return (
    <div
      className={`video-wrap subtitles-${subtitleSize}${controlsShown ? '' : ' controls-hidden'}`}
      ref={surfaceRef}
    >
      {/* Clicks are the mouse's way to what the keys and the controls below do. */}
      <video
        ref={videoRef}
        crossOrigin="anonymous"
        autoPlay
        playsInline
        onClick={(e) => togglePlay(e.currentTarget)}
        onDoubleClick={() => toggleFullscreen(surfaceRef.current)}
        {...handlers}
      >
        <SubtitleTracks subtitles={subtitles} choice={subtitleChoice} />
      </video>
      {playback.state === 'deciding' ? (
        <div className="buffering" role="status">
          <span className="spinner" aria-hidden="true" /> Reading the video...
        </div>
      ) : holdSeconds !== null ? (
        <div className="buffering" role="status">
          <span className="spinner" aria-hidden="true" /> The peers send slower than the film plays: it plays
          on in {formatDuration(Math.ceil(holdSeconds))}, then without stopping.
        </div>
      ) : (
        buffering && (
          <div className="buffering" role="status">
            <span className="spinner" aria-hidden="true" />{' '}
            {noPeers ? 'Waiting for peers...' : 'Buffering...'}
          </div>
        )
      )}
      {plan && plan.mode !== 'direct' && (
        <p className="conversion-note" title={plan.reason}>
          {plan.mode === 'transcode'
            ? `Converting${plan.height ? ` to ${plan.height}p` : ''}`
            : plan.mode === 'audio'
              ? 'Converting the sound'
              : 'Repackaging'}
        </p>
      )}
      {children}
    </div>
  )
}

const MEDIA_ERR_ABORTED = 1
const MEDIA_ERR_NETWORK = 2

/**
 * Whether the browser can play the file (a media error, or a video with no picture: HEVC in
 * Chromium plays sound only), and the resume seek once the duration is known.
 */
function usePlaybackChecks(infoHash: string, fileIndex: number, file: TorrentFileInfo | undefined) {
  const [undecodable, setUndecodable] = useState(false)
  const resumed = useRef(false)
  const onError = (event: SyntheticEvent<HTMLVideoElement>) => {
    // An aborted load (the page moved on) or a lost connection (the engine restarting, which
    // announces the stream again) is not the file's fault.
    const code = event.currentTarget.error?.code
    if (code === MEDIA_ERR_ABORTED || code === MEDIA_ERR_NETWORK) return
    if (useStore.getState().engineStatus === 'restarting') return
    setUndecodable(true)
  }
  const onLoadedMetadata = (event: SyntheticEvent<HTMLVideoElement>) => {
    const video = event.currentTarget
    if (video.videoWidth === 0 && (file?.kind ?? 'video') === 'video') return setUndecodable(true)
    if (resumed.current) return
    resumed.current = true
    const item = useStore.getState().library.find((i) => i.infoHash === infoHash)
    const saved = item?.positions.find((p) => p.fileIndex === fileIndex)
    const target = resumeTarget(saved, video.duration)
    if (target !== null) video.currentTime = target
  }
  return { undecodable, onError, onLoadedMetadata }
}
