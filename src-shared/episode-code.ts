export interface Episode {
  season: number
  episode: number
  /** The episode's own title when the file name carries one. */
  title: string | null
}

const CODE = /(?:^|[^a-z0-9])(?:s(\d{1,2})[ ._-]?e(\d{1,3})|(\d{1,2})x(\d{2,3}))(?=[^a-z0-9]|$)/i
/** Where a release name stops being the title: quality, source, codec, group tags. */
const RELEASE_TAG =
  /^(?:\d{3,4}p|web(?:-?dl|rip)?|blu-?ray|bdrip|brrip|hdtv|dvdrip|x26[45]|h\.?26[45]|hevc|avc|aac\d?|ac3|dts|ddp?\d?|10bit|hdr|proper|repack|internal|amzn|nf|dsnp|hmax|atvp)$/i

/** "Show.S01E02.The.Title.1080p.WEB.x264.mkv" -> season 1, episode 2, "The Title"; null if no code. */
export function episodeOf(path: string): Episode | null {
  const name = path.split('/').at(-1) ?? path
  const match = CODE.exec(name) ?? CODE.exec(path)
  if (!match) return null
  const season = Number(match[1] ?? match[3])
  const episode = Number(match[2] ?? match[4])
  const after = name.slice((match.index ?? 0) + match[0].length).replace(/\.[a-z0-9]{2,4}$/i, '')
  const words: string[] = []
  for (const word of after.split(/[ ._]+/).filter(Boolean)) {
    if (RELEASE_TAG.test(word) || word.startsWith('[') || /^-/.test(word)) break
    words.push(word)
  }
  const title = words.join(' ').replace(/-\w+$/, '').trim()
  return { season, episode, title: title || null }
}
