import { execFile } from 'node:child_process'
import { mkdtemp, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { BUILT_CLI } from '../helpers/cli-process.js'

const run = promisify(execFile)
const dirs: string[] = []
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))

/** A PATH with node on it and nothing else: no system ffmpeg. */
async function pathWithoutFfmpeg(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pw-path-'))
  dirs.push(dir)
  await symlink(process.execPath, join(dir, 'node'))
  return dir
}

describe('peerwatch doctor', () => {
  it('names the ffmpeg and ffprobe it uses, with their versions and the hardware encoders', async () => {
    const { stdout } = await run(process.execPath, [BUILT_CLI, 'doctor'])
    expect(stdout).toMatch(/^ffmpeg \S+ \((system|bundled|configured), .+\)$/m)
    expect(stdout).toMatch(/^ffprobe \S+ \((system|bundled|configured), .+\)$/m)
    expect(stdout).toMatch(/^hardware encoders: /m)
  })

  it('falls back to the ffmpeg bundled with Peerwatch when the system has none', async () => {
    const env = { ...process.env, PATH: await pathWithoutFfmpeg() }
    const { stdout } = await run(process.execPath, [BUILT_CLI, 'doctor', '--json'], { env })
    const tools = JSON.parse(stdout)
    expect(tools.ffmpeg.source).toBe('bundled')
    expect(tools.ffprobe.source).toBe('bundled')
    expect(tools.ffmpeg.path).toContain('@ffmpeg-installer')
  })

  it('says what is missing and exits 1 when the configured ffmpeg does not run', async () => {
    const env = { ...process.env, PEERWATCH_FFMPEG: '/nonexistent/ffmpeg' }
    const failed = await run(process.execPath, [BUILT_CLI, 'doctor'], { env }).catch((err) => err)
    expect(failed.code).toBe(1)
    expect(failed.stdout).toMatch(/^ffmpeg: not found$/m)
    expect(failed.stdout).toMatch(/play only in VLC/)
  })
})
