import type { MediaInfo, PlayerCapabilities } from '../../src-shared/contract.js'

type MediaSourceClass = { isTypeSupported(type: string): boolean }

/** The MediaSource this browser has (ManagedMediaSource on iOS Safari), or null. */
export function mediaSourceClass(): (MediaSourceClass & (new () => MediaSource)) | null {
  const w = globalThis as unknown as Record<string, unknown>
  const found = w.MediaSource ?? w.ManagedMediaSource
  return typeof found === 'function' ? (found as MediaSourceClass & (new () => MediaSource)) : null
}

/**
 * Asks this browser's own media stack about the file's exact codec strings: the file as it is
 * (canPlayType with its container), and fragmented MP4 with each stream (Media Source Extensions).
 */
export async function playerCapabilities(info: MediaInfo): Promise<PlayerCapabilities> {
  const mse = mediaSourceClass()
  const supports = (type: string): boolean => {
    try {
      return mse?.isTypeSupported(type) ?? false
    } catch {
      return false
    }
  }
  const video = info.video?.codecString ?? null
  return {
    directPlay: canPlayAsItIs(info),
    video: video !== null && supports(`video/mp4; codecs="${video}"`),
    audio: info.audio.map((a) => a.codecString !== null && supports(`audio/mp4; codecs="${a.codecString}"`)),
    maxAudioChannels: (await decodesSurround()) ? 6 : 2,
    mse: mse !== null,
  }
}

function canPlayAsItIs(info: MediaInfo): boolean {
  const probe = document.createElement('video')
  const first = info.audio[0]
  if (info.video && info.video.codecString === null) return false
  if (first && first.codecString === null) return false
  const codecs = [info.video?.codecString, first?.codecString].filter((c): c is string => !!c)
  const type = codecs.length > 0 ? `${info.containerMime}; codecs="${codecs.join(', ')}"` : info.containerMime
  return probe.canPlayType(type) !== ''
}

async function decodesSurround(): Promise<boolean> {
  const capabilities = (navigator as Navigator & { mediaCapabilities?: MediaCapabilities }).mediaCapabilities
  if (!capabilities?.decodingInfo) return false
  try {
    const result = await capabilities.decodingInfo({
      type: 'media-source',
      audio: {
        contentType: 'audio/mp4; codecs="mp4a.40.2"',
        channels: '6',
        samplerate: 48_000,
        bitrate: 384_000,
      },
    })
    return result.supported
  } catch {
    return false
  }
}
