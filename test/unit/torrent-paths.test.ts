import fc from 'fast-check'
import { toTorrentFile } from 'parse-torrent'
import { describe, expect, it } from 'vitest'
import { resolveTorrentId } from '../../src-main/engine/torrent-id.js'
import { MAX_TORRENT_FILES, sanitizeTorrentPaths } from '../../src-main/engine/torrent-paths.js'

function filesAt(...paths: string[]) {
  return { name: 'Film', files: paths.map((path) => ({ path, name: path.split('/').at(-1) ?? path })) }
}

describe('torrent file paths', () => {
  it('keeps ordinary paths as they are', () => {
    const parsed = filesAt('Film/film.mkv', 'Film/Subs/en.srt')
    sanitizeTorrentPaths(parsed)
    expect(parsed.files.map((f) => f.path)).toEqual(['Film/film.mkv', 'Film/Subs/en.srt'])
    expect(parsed.files.map((f) => f.name)).toEqual(['film.mkv', 'en.srt'])
  })

  it('keeps every path inside the torrent’s folder and creatable on any OS', () => {
    const parsed = filesAt(
      '../../etc/cron.d/evil',
      '/absolute/path.mkv',
      'C:\\Windows\\system.ini',
      'Film/CON',
      'Film/lpt1.txt',
      'Film/bell\u0007name?.mkv',
      'Film/trailing dots...',
      'Film/..',
    )
    sanitizeTorrentPaths(parsed)
    const paths = parsed.files.map((f) => f.path)
    expect(paths).toEqual([
      'etc/cron.d/evil',
      'absolute/path.mkv',
      'C_/Windows/system.ini',
      'Film/_CON',
      'Film/_lpt1.txt',
      'Film/bell_name_.mkv',
      'Film/trailing dots',
      // `Film/..` folds to `Film`, the folder of the files before it: a file cannot share it.
      '7-Film',
    ])
    for (const path of paths) {
      expect(path.startsWith('/')).toBe(false)
      expect(path.split('/')).not.toContain('..')
      expect([...path].filter((ch) => ch < ' ' || '<>:"|?*\\'.includes(ch))).toEqual([])
    }
  })

  it('tells apart two files that end up with the same path', () => {
    const parsed = filesAt('Film/a?.mkv', 'Film/a*.mkv')
    sanitizeTorrentPaths(parsed)
    expect(parsed.files.map((f) => f.path)).toEqual(['Film/a_.mkv', 'Film/1-a_.mkv'])
  })

  it('refuses a torrent listing more files than any film needs', () => {
    const many = filesAt(...Array.from({ length: MAX_TORRENT_FILES + 1 }, (_, i) => `Film/${i}.bin`))
    expect(() => sanitizeTorrentPaths(many)).toThrow(/10001 files/)
  })

  it('applies to a real .torrent whose info names hostile paths', async () => {
    const info = {
      name: 'Night Film',
      'piece length': 16_384,
      pieces: new Uint8Array(20),
      files: [
        { path: ['..', '..', '.bashrc'], length: 10 },
        { path: ['Subs', 'NUL.srt'], length: 10 },
      ],
    }
    const bytes = toTorrentFile({ info } as never)
    const parsed = await resolveTorrentId(bytes)
    expect(parsed.files?.map((f) => f.path)).toEqual(['.bashrc', 'Night Film/Subs/_NUL.srt'])
  })

  it('cuts long names by bytes, at a whole character, and never leaves a trailing dot', () => {
    const parsed = filesAt(`Film/${'é'.repeat(127)}.mkv`, `Film/${'a'.repeat(253)}. b`)
    sanitizeTorrentPaths(parsed)
    const [first, second] = parsed.files.map((f) => f.name)
    expect(Buffer.byteLength(first ?? '')).toBe(254)
    expect(first).toBe('é'.repeat(127))
    expect(second).toBe('a'.repeat(253))
  })

  it('checks a renamed duplicate again until every name is unique', () => {
    const parsed = filesAt('Film/a', 'Film/2-a', 'Film/a')
    sanitizeTorrentPaths(parsed)
    expect(parsed.files.map((f) => f.path)).toEqual(['Film/a', 'Film/2-a', 'Film/2-1-a'])
  })

  it('tells apart names that macOS and Windows take for one: case, NFC and NFD', () => {
    const parsed = filesAt('Film/Café.mkv', 'Film/cafe\u0301.mkv', 'Film/CAFÉ.MKV', 'film/x.srt')
    sanitizeTorrentPaths(parsed)
    const keys = parsed.files.map((f) => f.path.normalize('NFC').toLowerCase())
    expect(new Set(keys).size).toBe(4)
  })

  it('knows every name Windows reserves, with spaces and superscript digits', () => {
    const parsed = filesAt(
      'Film/CONIN$',
      'Film/conout$.log',
      'Film/COM¹',
      'Film/lpt³.txt',
      'Film/con .txt',
      'Film/Aux',
    )
    sanitizeTorrentPaths(parsed)
    expect(parsed.files.map((f) => f.name)).toEqual([
      '_CONIN$',
      '_conout$.log',
      '_COM¹',
      '_lpt³.txt',
      '_con .txt',
      '_Aux',
    ])
  })

  it('makes any list of names valid on Windows, macOS and Linux and unique within the torrent', () => {
    const segment = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ unit: 'grapheme', maxLength: 140 }),
      fc.constantFrom(
        'CON',
        'con .txt',
        'CONIN$',
        'COM¹',
        'lpt9.',
        '..',
        '.',
        ' ',
        'a',
        'A',
        'e\u0301',
        'é',
        'a.',
      ),
    )
    const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'))
    fc.assert(
      fc.property(fc.array(path, { minLength: 1, maxLength: 12 }), (paths) => {
        const parsed = filesAt(...paths)
        sanitizeTorrentPaths(parsed)
        const files = new Set<string>()
        const folders = new Set<string>()
        for (const { path: out } of parsed.files) {
          const parts = out.split('/')
          for (const part of parts) {
            expect(part).not.toBe('')
            expect(['.', '..']).not.toContain(part)
            expect(Buffer.byteLength(part)).toBeLessThanOrEqual(255)
            expect([...part].filter((ch) => ch < ' ' || ch === '\u007f' || '<>:"|?*\\'.includes(ch))).toEqual(
              [],
            )
            expect(part).not.toMatch(/[. ]$/)
            const stem = (part.split('.', 1)[0] ?? '').replace(/ +$/, '')
            expect(stem).not.toMatch(/^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i)
          }
          const key = out.normalize('NFC').toLowerCase()
          expect(files.has(key) || folders.has(key)).toBe(false)
          files.add(key)
          for (let depth = 1; depth < parts.length; depth++)
            folders.add(parts.slice(0, depth).join('/').normalize('NFC').toLowerCase())
        }
        for (const folder of folders) expect(files.has(folder)).toBe(false)
      }),
      { numRuns: 500 },
    )
  })
})
