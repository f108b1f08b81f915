import { isAbsolute, join, normalize } from 'node:path'
import { type Settings, settingsSchema } from '../../src-shared/contract.js'
import { PeerwatchError } from '../../src-shared/errors.js'
import { requestProblem } from '../../src-shared/request-problems.js'
import {
  DEFAULT_IDLE_CLOSE_SECONDS,
  DEFAULT_MEMORY_BUDGET_MB,
  type EngineOptions,
} from '../engine/engine-options.js'
import type { DocumentStore } from './types.js'

const MiB = 1024 * 1024

export function defaultSettings(dataDir: string, env: NodeJS.ProcessEnv = process.env): Settings {
  return {
    downloadDir: join(dataDir, 'downloads'),
    retentionHours: 24,
    idleCloseMinutes: DEFAULT_IDLE_CLOSE_SECONDS / 60,
    store: 'disk',
    memoryBudgetMB: DEFAULT_MEMORY_BUDGET_MB,
    apibayUrl: env.PEERWATCH_APIBAY_URL ?? 'https://apibay.org',
    externalPlayerPath: '',
    audioLanguage: '',
  }
}

/** The engine options that come from settings; `base` carries the fixed ones (discovery, CORS). */
export function engineOptionsFromSettings(
  settings: Settings,
  base: Partial<EngineOptions> = {},
): EngineOptions {
  return {
    ...base,
    downloadDir: settings.downloadDir,
    store: settings.store,
    memoryBudgetBytes: settings.memoryBudgetMB * MiB,
    idleSeconds: settings.idleCloseMinutes * 60,
  }
}

/** Settings the engine reads when it starts: changing one means starting a new engine. */
export const ENGINE_SETTINGS = ['downloadDir', 'store', 'memoryBudgetMB', 'idleCloseMinutes'] as const

export function engineSettingsDiffer(a: Settings, b: Settings): boolean {
  return ENGINE_SETTINGS.some((key) => a[key] !== b[key])
}

type SettingsListener = (settings: Settings) => void

/** The person's settings: saved through a DocumentStore, every field validated on the way in. */
export class SettingsService {
  private readonly listeners = new Set<SettingsListener>()

  private constructor(
    private readonly store: DocumentStore<unknown>,
    private current: Settings,
  ) {}

  /** Saved fields that are invalid or unknown fall back to the defaults; loading never fails. */
  static async load(store: DocumentStore<unknown>, defaults: Settings): Promise<SettingsService> {
    const saved = await store.load()
    return new SettingsService(store, mergeSaved(defaults, saved))
  }

  get(): Settings {
    return { ...this.current }
  }

  async update(partial: unknown): Promise<Settings> {
    const parsed = settingsSchema.partial().safeParse(partial)
    if (!parsed.success) {
      const problem = requestProblem(parsed.error)
      throw new PeerwatchError('BAD_REQUEST', problem.message, { field: problem.field })
    }
    const changes = parsed.data
    if (changes.downloadDir !== undefined) {
      if (!isAbsolute(changes.downloadDir)) {
        throw new PeerwatchError('BAD_REQUEST', 'The download folder must be an absolute path.')
      }
      changes.downloadDir = normalize(changes.downloadDir)
    }
    const next: Settings = { ...this.current, ...definedOnly(changes) }
    await this.store.save(next)
    this.current = next
    for (const listener of this.listeners) listener(this.get())
    return this.get()
  }

  onChange(listener: SettingsListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}

function mergeSaved(defaults: Settings, saved: unknown): Settings {
  if (typeof saved !== 'object' || saved === null) return { ...defaults }
  const merged: Record<string, unknown> = { ...defaults }
  for (const [key, schema] of Object.entries(settingsSchema.shape)) {
    const value = (saved as Record<string, unknown>)[key]
    const parsed = schema.safeParse(value)
    if (parsed.success) merged[key] = parsed.data
  }
  const settings = merged as Settings
  if (!isAbsolute(settings.downloadDir)) settings.downloadDir = defaults.downloadDir
  return settings
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
