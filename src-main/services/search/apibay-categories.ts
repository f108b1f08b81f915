import type { SearchCategory } from './provider.js'

/**
 * What q.php's `cat` parameter gets for each category. It takes a comma-separated list and
 * accepts a parent (200 is every video subcategory): the site's own search form sends both.
 * `null` sends no `cat` at all: every category.
 */
const CATEGORY_CODES: Record<SearchCategory, readonly number[] | null> = {
  movies: [201, 207, 211],
  tv: [205, 208, 212],
  video: [200],
  all: null,
}

/** The `cat` query value for a category, or null to search everything. */
export function apibayCatParameter(category: SearchCategory): string | null {
  return CATEGORY_CODES[category]?.join(',') ?? null
}

/**
 * Whether a row's category belongs to what was asked for. Applied to the answer too, so a
 * mirror that ignores `cat` still cannot put other sections into a video search.
 */
export function apibayCategoryMatches(category: SearchCategory, code: number): boolean {
  const wanted = CATEGORY_CODES[category]
  if (!wanted) return true
  return wanted.some((parent) =>
    parent % 100 === 0 ? Math.floor(code / 100) * 100 === parent : parent === code,
  )
}

const VIDEO_NAMES: Record<number, string> = {
  201: 'Movies',
  202: 'Movies DVDR',
  203: 'Music Videos',
  204: 'Movie Clips',
  205: 'TV',
  206: 'Handheld',
  207: 'HD Movies',
  208: 'HD TV',
  209: '3D',
  210: 'CAM/TS',
  211: 'UHD Movies',
  212: 'UHD TV',
}

const SECTION_NAMES: Record<number, string> = {
  1: 'Audio',
  2: 'Video',
  3: 'Applications',
  4: 'Games',
  5: 'Adult',
  6: 'Other',
}

/** A readable name for a category number: "HD Movies", "TV", or the section ("Video", "Audio"). */
export function apibayCategoryName(code: number): string {
  return VIDEO_NAMES[code] ?? SECTION_NAMES[Math.floor(code / 100)] ?? 'Other'
}
