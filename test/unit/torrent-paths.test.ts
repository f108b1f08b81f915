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
      'Film',
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
})
