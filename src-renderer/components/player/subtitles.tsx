import { type RefObject, useEffect, useLayoutEffect, useRef } from 'react'
import type { SubtitleStreamInfo, SubtitleTrack } from '../../../src-shared/contract.js'
import { subtitleStreamLabel } from '../../../src-shared/media-labels.js'
import { subtitleLanguage } from '../../media.js'
import { EmbeddedSubtitles } from '../../playback/embedded-subtitles.js'
import { formatDelay, SUBTITLE_DELAY_STEP } from '../../playback/subtitle-delay.js'
import { subtitleFileLabels } from '../../playback/subtitle-labels.js'

/** What shows: nothing, one of the torrent's subtitle files, or a track inside the video file. */
export type SubtitleChoice =
  | { kind: 'off' }
  | { kind: 'file'; index: number }
  | { kind: 'embedded'; index: number }

export const SUBTITLES_OFF: SubtitleChoice = { kind: 'off' }

/** The torrent's first subtitle file, else the file's own default or forced text track, else none. */
export function defaultSubtitleChoice(
  files: SubtitleTrack[],
  embedded: SubtitleStreamInfo[],
): SubtitleChoice {
  const file = files[0]
  if (file) return { kind: 'file', index: file.index }
  const inside = embedded.find((s) => s.text && (s.forced || s.default))
  return inside ? { kind: 'embedded', index: inside.index } : SUBTITLES_OFF
}

/** What `c` shows next: off, then each subtitle file, then each text track inside the video. */
export function nextSubtitleChoice(
  current: SubtitleChoice,
  files: SubtitleTrack[],
  embedded: SubtitleStreamInfo[],
): SubtitleChoice {
  const all: SubtitleChoice[] = [
    SUBTITLES_OFF,
    ...files.map((f): SubtitleChoice => ({ kind: 'file', index: f.index })),
    ...embedded.filter((s) => s.text).map((s): SubtitleChoice => ({ kind: 'embedded', index: s.index })),
  ]
  const at = all.findIndex(
    (c) =>
      c.kind === current.kind && (c.kind === 'off' || (current.kind !== 'off' && c.index === current.index)),
  )
  return all[(at + 1) % all.length] ?? SUBTITLES_OFF
}

/** The torrent's subtitle files as <track>s; the chosen one shows. */
export function SubtitleTracks({
  subtitles,
  choice,
}: {
  subtitles: SubtitleTrack[]
  choice: SubtitleChoice
}) {
  return (
    <>
      {subtitles.map((s) => (
        <track
          key={s.index}
          kind="subtitles"
          srcLang={subtitleLanguage(s.name)}
          label={s.name}
          src={s.url}
          default={choice.kind === 'file' && choice.index === s.index}
        />
      ))}
    </>
  )
}

/** Keeps the chosen subtitle file showing and the others hidden, as their elements load. */
export function useSubtitleFileMode(
  videoRef: RefObject<HTMLVideoElement | null>,
  choice: SubtitleChoice,
  files: SubtitleTrack[],
) {
  useEffect(() => {
    const video = videoRef.current
    const tracks = video?.textTracks
    if (!video || !tracks || files.length === 0) return
    const apply = () => {
      const elements = [...video.querySelectorAll('track')]
      elements.forEach((element, i) => {
        const shown = choice.kind === 'file' && files[i]?.index === choice.index
        if (element.track) element.track.mode = shown ? 'showing' : 'hidden'
      })
    }
    apply()
    tracks.addEventListener?.('addtrack', apply)
    return () => tracks.removeEventListener?.('addtrack', apply)
  }, [videoRef, choice, files])
}

/** Reads the chosen embedded track as the film plays; one TextTrack per track, kept across choices. */
export function useEmbeddedSubtitles(
  videoRef: RefObject<HTMLVideoElement | null>,
  choice: SubtitleChoice,
  url: string | null,
  streams: SubtitleStreamInfo[],
) {
  const tracks = useRef(new Map<number, TextTrack>())
  const index = choice.kind === 'embedded' ? choice.index : null
  const stream = index === null ? undefined : streams.find((s) => s.index === index)
  useLayoutEffect(() => {
    const video = videoRef.current
    if (!video || !url || !stream?.text || typeof video.addTextTrack !== 'function') return
    let track = tracks.current.get(stream.index)
    if (!track) {
      track = video.addTextTrack('subtitles', subtitleStreamLabel(stream), stream.language ?? 'und')
      tracks.current.set(stream.index, track)
    }
    const reader = new EmbeddedSubtitles(video, track, `${url}?track=${stream.index}`)
    return () => reader.destroy()
  }, [videoRef, url, stream])
}

export type SubtitleSize = 'small' | 'medium' | 'large'
export const SUBTITLE_SIZES: Record<SubtitleSize, string> = {
  small: 'Small',
  medium: 'Medium',
  large: 'Large',
}

interface MenuProps {
  files: SubtitleTrack[]
  embedded: SubtitleStreamInfo[]
  choice: SubtitleChoice
  onChoose(choice: SubtitleChoice): void
  size: SubtitleSize
  onSize(size: SubtitleSize): void
  /** Seconds the subtitles show later than their file says (VLC's g and h). */
  delay: number
  onDelay(delay: number): void
}

/**
 * Off, the torrent's subtitle files by language, and the tracks inside the video (image ones
 * named, not offered); then their size and delay while some are on.
 */
export function SubtitleMenu({ files, embedded, choice, onChoose, size, onSize, delay, onDelay }: MenuProps) {
  const value = choice.kind === 'off' ? 'off' : `${choice.kind}:${choice.index}`
  const labels = subtitleFileLabels(files)
  const step = (by: number) => onDelay(Math.round((delay + by) * 10) / 10)
  return (
    <span className="subtitle-controls">
      <label className="track-menu">
        <span>Subtitles</span>
        <select
          aria-label="Subtitles"
          value={value}
          onChange={(event) => {
            const [kind, index] = event.currentTarget.value.split(':')
            onChoose(kind === 'file' || kind === 'embedded' ? { kind, index: Number(index) } : SUBTITLES_OFF)
          }}
        >
          <option value="off">Off</option>
          {files.map((f) => (
            <option key={`file:${f.index}`} value={`file:${f.index}`} title={f.name}>
              {labels.get(f.index) ?? f.name}
            </option>
          ))}
          {embedded.map((s) => (
            <option key={`embedded:${s.index}`} value={`embedded:${s.index}`} disabled={!s.text}>
              {subtitleStreamLabel(s)}
              {s.text ? '' : ' (image subtitles: not supported yet)'}
            </option>
          ))}
        </select>
      </label>
      {choice.kind !== 'off' && (
        <>
          <label className="track-menu">
            <span className="visually-hidden">Subtitle size</span>
            <select
              aria-label="Subtitle size"
              value={size}
              onChange={(e) => onSize(e.currentTarget.value as SubtitleSize)}
            >
              {Object.entries(SUBTITLE_SIZES).map(([key, label]) => (
                <option key={key} value={key}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="subtitle-delay">
            <legend className="visually-hidden">Subtitle delay</legend>
            <button
              type="button"
              className="control-button"
              aria-label="Subtitles earlier"
              title="Subtitles earlier (g)"
              onClick={() => step(-SUBTITLE_DELAY_STEP)}
            >
              −
            </button>
            <output aria-label="Subtitle delay now">{formatDelay(delay)}</output>
            <button
              type="button"
              className="control-button"
              aria-label="Subtitles later"
              title="Subtitles later (h)"
              onClick={() => step(SUBTITLE_DELAY_STEP)}
            >
              +
            </button>
          </fieldset>
        </>
      )}
    </span>
  )
}
