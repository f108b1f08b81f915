import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { isTemporaryFileOf, writeFileAtomic } from '../engine/atomic-write.js'
import type { DocumentStore } from './types.js'

export interface JsonFileStoreOptions {
  /** Told when a saved file could not be read and was set aside. */
  onWarning?: (message: string) => void
}

/**
 * One JSON document in one file (settings, library) for `serve` and the CLI. Writes are atomic
 * and serialised; a damaged file is kept beside the path, never overwritten silently.
 */
export class JsonFileStore<T> implements DocumentStore<T> {
  private queue: Promise<void> = Promise.resolve()

  constructor(
    readonly path: string,
    private readonly options: JsonFileStoreOptions = {},
  ) {}

  async load(): Promise<T | undefined> {
    await this.removeLeftovers()
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      return this.setAside(`could not be read (${(err as Error).message})`)
    }
    try {
      return JSON.parse(text) as T
    } catch {
      return this.setAside('is not valid JSON')
    }
  }

  /** Temp files of saves a crash interrupted (the document itself was never touched by them). */
  private async removeLeftovers(): Promise<void> {
    const names = await readdir(dirname(this.path)).catch(() => [] as string[])
    for (const name of names) {
      if (!isTemporaryFileOf(this.path, name)) continue
      const path = join(dirname(this.path), name)
      const info = await stat(path).catch(() => null)
      // A minute old at least: a save in flight from this very process is never touched.
      if (info && Date.now() - info.mtimeMs > 60_000) await rm(path, { force: true })
    }
  }

  save(value: T): Promise<void> {
    const text = `${JSON.stringify(value, null, 2)}\n`
    const write = this.queue.then(() => this.write(text))
    // A failed write is reported to its caller and must not block the writes after it.
    this.queue = write.catch(() => {})
    return write
  }

  private async write(text: string): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true })
    await writeFileAtomic(this.path, text)
  }

  private async setAside(why: string): Promise<undefined> {
    const aside = `${this.path}.corrupt-${Date.now()}`
    try {
      await rename(this.path, aside)
      this.options.onWarning?.(`${this.path} ${why}; it was kept as ${aside} and defaults are used.`)
    } catch {
      this.options.onWarning?.(`${this.path} ${why}; defaults are used.`)
    }
    return undefined
  }
}
