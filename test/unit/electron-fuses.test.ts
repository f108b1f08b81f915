import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

// The packaged app's Electron binary cannot be built here (it is downloaded at packaging), so
// this reads what electron-builder is told to flip in it.

describe('the installed app', () => {
  it('cannot be run as plain Node or inspected, and loads only its own checked archive', async () => {
    const config = parse(await readFile(new URL('../../electron-builder.yml', import.meta.url), 'utf8'))
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    })
    // Fuses check the asar: the app must be packed in one.
    expect(config.asar).not.toBe(false)
  })
})
