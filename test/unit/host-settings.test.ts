import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { JsonFileStore } from '../../src-main/host/json-file-store.js'
import {
  defaultSettings,
  engineOptionsFromSettings,
  engineSettingsDiffer,
  SettingsService,
} from '../../src-main/host/settings.js'
import type { Settings } from '../../src-shared/contract.js'
import { PeerwatchError } from '../../src-shared/errors.js'

let dir: string
let path: string
let defaults: Settings

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-settings-'))
  path = join(dir, 'settings.json')
  defaults = defaultSettings(join(dir, 'data'), {})
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('default settings', () => {
  it('download into the data folder, keep a day, close idle torrents after 3 minutes', () => {
    expect(defaultSettings('/srv/peerwatch', {})).toEqual({
      downloadDir: join('/srv/peerwatch', 'downloads'),
      retentionHours: 24,
      idleCloseMinutes: 3,
      store: 'disk',
      memoryBudgetMB: 80,
      apibayUrl: 'https://apibay.org',
      externalPlayerPath: '',
      audioLanguage: '',
    })
  })

  it('take the search mirror from PEERWATCH_APIBAY_URL', () => {
    const settings = defaultSettings('/d', { PEERWATCH_APIBAY_URL: 'http://127.0.0.1:9999' })
    expect(settings.apibayUrl).toBe('http://127.0.0.1:9999')
  })
})

describe('SettingsService', () => {
  it('uses the defaults when nothing was saved', async () => {
    const service = await SettingsService.load(new JsonFileStore(path), defaults)
    expect(service.get()).toEqual(defaults)
  })

  it('keeps valid saved fields and falls back field by field for invalid or unknown ones', async () => {
    await writeFile(
      path,
      JSON.stringify({
        retentionHours: -5,
        store: 'tape',
        memoryBudgetMB: 512,
        idleCloseMinutes: '3',
        apibayUrl: 'ftp://mirror',
        downloadDir: 'relative/films',
        externalPlayerPath: '/usr/bin/mpv',
        theme: 'dark',
      }),
    )
    const service = await SettingsService.load(new JsonFileStore(path), defaults)
    expect(service.get()).toEqual({
      ...defaults,
      memoryBudgetMB: 512,
      externalPlayerPath: '/usr/bin/mpv',
    })
  })

  it('starts from the defaults when the saved document is not an object', async () => {
    await writeFile(path, '[1, 2, 3]')
    const service = await SettingsService.load(new JsonFileStore(path), defaults)
    expect(service.get()).toEqual(defaults)
  })

  it('saves a change, tells listeners, and a new start reads it back', async () => {
    const service = await SettingsService.load(new JsonFileStore(path), defaults)
    const heard: Settings[] = []
    service.onChange((s) => heard.push(s))
    const films = join(dir, 'films')
    const updated = await service.update({ downloadDir: films, retentionHours: 48 })
    expect(updated).toEqual({ ...defaults, downloadDir: films, retentionHours: 48 })
    expect(heard).toEqual([updated])
    const again = await SettingsService.load(new JsonFileStore(path), defaults)
    expect(again.get()).toEqual(updated)
  })

  it('refuses a relative download folder with a sentence the person understands', async () => {
    const service = await SettingsService.load(new JsonFileStore(path), defaults)
    const attempt = service.update({ downloadDir: 'films' })
    await expect(attempt).rejects.toBeInstanceOf(PeerwatchError)
    await expect(attempt).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'The download folder must be an absolute path.',
    })
    expect(service.get()).toEqual(defaults)
    await expect(readFile(path)).rejects.toThrow()
  })

  it('refuses an out-of-range value and names the field', async () => {
    const service = await SettingsService.load(new JsonFileStore(path), defaults)
    await expect(service.update({ retentionHours: 0 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Keep downloads for must be at least 1 hour.',
      field: 'retentionHours',
    })
    expect(service.get().retentionHours).toBe(24)
  })
})

describe('engine options from settings', () => {
  it('turns minutes into seconds and MB into bytes, over the fixed options', () => {
    const settings = { ...defaults, idleCloseMinutes: 0.5, memoryBudgetMB: 64, store: 'memory' as const }
    expect(engineOptionsFromSettings(settings, { discovery: false, corsOrigins: ['app://x'] })).toEqual({
      discovery: false,
      corsOrigins: ['app://x'],
      downloadDir: defaults.downloadDir,
      store: 'memory',
      memoryBudgetBytes: 64 * 1024 * 1024,
      idleSeconds: 30,
    })
  })

  it('needs a new engine only for what the engine reads at start', () => {
    expect(engineSettingsDiffer(defaults, { ...defaults, retentionHours: 1, externalPlayerPath: '/x' })).toBe(
      false,
    )
    expect(engineSettingsDiffer(defaults, { ...defaults, idleCloseMinutes: 10 })).toBe(true)
    expect(engineSettingsDiffer(defaults, { ...defaults, downloadDir: '/elsewhere' })).toBe(true)
  })
})
