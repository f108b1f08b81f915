import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs build script without types
import { distArguments } from '../../scripts/dist.mjs'

const project = { name: 'peerwatch', license: 'MIT' }

describe('npm run dist: which installers electron-builder is asked for', () => {
  it('builds the AppImage and says how to get the .deb when nobody has said who maintains it', () => {
    const { args, notice } = distArguments({ platform: 'linux', env: {}, packageJson: project })
    expect(args).toEqual(['--config', 'electron-builder.yml', '--linux', 'AppImage'])
    expect(notice).toMatch(/Skipping the \.deb/)
    expect(notice).toMatch(/PEERWATCH_MAINTAINER="Name <address>" PEERWATCH_HOMEPAGE=/)
  })

  it('builds every Linux target with the maintainer and homepage given at release time', () => {
    const env = {
      PEERWATCH_MAINTAINER: 'Ada Lovelace <ada@example.org>',
      PEERWATCH_HOMEPAGE: 'https://example.org/pw',
    }
    const { args, notice } = distArguments({ platform: 'linux', env, packageJson: project })
    expect(args).toEqual([
      '--config',
      'electron-builder.yml',
      '-c.deb.maintainer=Ada Lovelace <ada@example.org>',
      '-c.extraMetadata.homepage=https://example.org/pw',
    ])
    expect(notice).toBeNull()
  })

  it('needs nothing extra once package.json names an author with an address and a homepage', () => {
    const packageJson = {
      ...project,
      author: { name: 'Ada', email: 'ada@example.org' },
      homepage: 'https://example.org',
    }
    expect(distArguments({ platform: 'linux', env: {}, packageJson })).toEqual({
      args: ['--config', 'electron-builder.yml'],
      notice: null,
    })
  })

  it('still skips the .deb when only one of the two is known', () => {
    const env = { PEERWATCH_MAINTAINER: 'Ada <ada@example.org>' }
    expect(distArguments({ platform: 'linux', env, packageJson: project }).args).toContain('AppImage')
  })

  it('refuses a maintainer without an address, or a homepage that is not a web address', () => {
    expect(() =>
      distArguments({ platform: 'linux', env: { PEERWATCH_MAINTAINER: 'Ada' }, packageJson: project }),
    ).toThrow(/Name <address@example.org>/)
    expect(() =>
      distArguments({ platform: 'linux', env: { PEERWATCH_HOMEPAGE: 'example.org' }, packageJson: project }),
    ).toThrow(/http\(s\) address/)
  })

  it('asks nothing more on Windows and macOS, whose installers need neither', () => {
    for (const platform of ['win32', 'darwin'])
      expect(distArguments({ platform, env: {}, packageJson: project })).toEqual({
        args: ['--config', 'electron-builder.yml'],
        notice: null,
      })
  })
})
