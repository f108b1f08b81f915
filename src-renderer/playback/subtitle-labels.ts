import type { SubtitleTrack } from '../../src-shared/contract.js'
import { LANGUAGE_CODES, languageName } from '../../src-shared/media-labels.js'
import { subtitleLanguage } from '../media.js'

const LANGUAGE_WORDS = new Intl.DisplayNames(['en'], { type: 'language' })
const FLAGS = /[._ -](forced|sdh|hi|cc)(?=[._ -]|\.\w+$)/i

/**
 * Subtitle files named for people: by language, from `.en.srt`, `.fre.srt` or a language word
 * (`2_English.srt`), with "forced" or "SDH" when the name says; the same language twice gets a
 * number. A file with no language in its name keeps its name.
 */
export function subtitleFileLabels(files: SubtitleTrack[]): Map<number, string> {
  const base = files.map((f) => ({ index: f.index, label: labelOf(f.name) }))
  const seen = new Map<string, number>()
  const counts = new Map<string, number>()
  for (const { label } of base) counts.set(label, (counts.get(label) ?? 0) + 1)
  return new Map(
    base.map(({ index, label }) => {
      if ((counts.get(label) ?? 0) < 2) return [index, label]
      const n = (seen.get(label) ?? 0) + 1
      seen.set(label, n)
      return [index, `${label} ${n}`]
    }),
  )
}

function labelOf(fileName: string): string {
  const code = subtitleLanguage(fileName)
  const named = code !== 'und' ? languageName(code) : null
  // languageName answers the code itself for one it does not know ("hd" in Film_HD.srt).
  const language = named && named !== code ? named : languageInWords(fileName)
  if (!language) return fileName
  const flag = FLAGS.exec(fileName)?.[1]?.toLowerCase()
  return flag === 'forced' ? `${language} (forced)` : flag ? `${language} (SDH)` : language
}

/** "2_English.srt", "Portuguese (Brazil).srt": a language's English name in the file name. */
function languageInWords(fileName: string): string | null {
  const words = fileName.replace(/\.\w+$/, '').split(/[^A-Za-z]+/)
  for (const word of words) {
    if (word.length < 4) continue
    const match = LANGUAGE_CODES.find((code) => LANGUAGE_WORDS.of(code)?.toLowerCase() === word.toLowerCase())
    if (match) return LANGUAGE_WORDS.of(match) ?? null
  }
  return null
}
