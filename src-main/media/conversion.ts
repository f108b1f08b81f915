import { type ChildProcessByStdio, spawn } from 'node:child_process'
import type { Readable } from 'node:stream'
import { PeerwatchError } from '../../src-shared/errors.js'
import { lastStderrLine } from './ffmpeg-stderr.js'

/** How long ffmpeg may take to send its first bytes (it waits for the pieces at the seek). */
export const FIRST_BYTES_TIMEOUT_MS = 90_000

/**
 * One ffmpeg child process writing a converted stream to stdout. Its output is handed out once
 * the first bytes exist, so a failure at the start (a codec the build lacks, an unreadable file)
 * becomes an error answer rather than a broken stream; stop() or ending the iteration kills it.
 */
export class Conversion {
  readonly #child: ChildProcessByStdio<null, Readable, Readable>
  #stderr = ''
  #stopped = false
  readonly exited: Promise<number | null>

  constructor(ffmpegPath: string, args: string[]) {
    this.#child = spawn(ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true })
    this.#child.stderr.setEncoding('utf8')
    this.#child.stderr.on('data', (text: string) => {
      this.#stderr = (this.#stderr + text).slice(-4096)
    })
    this.exited = new Promise((resolve) => {
      this.#child.once('error', () => resolve(null))
      this.#child.once('close', (code) => resolve(code))
    })
  }

  get stopped(): boolean {
    return this.#stopped
  }

  /** Resolves with the stream once ffmpeg has written something; rejects if it ends first. */
  async output(timeoutMs = FIRST_BYTES_TIMEOUT_MS): Promise<AsyncIterableIterator<Uint8Array>> {
    const stdout = this.#child.stdout
    let timedOut = false
    const first = await new Promise<Buffer | null>((resolve) => {
      const timer = setTimeout(() => {
        timedOut = true
        done(null)
      }, timeoutMs)
      const done = (chunk: Buffer | null): void => {
        clearTimeout(timer)
        stdout.off('readable', onReadable)
        resolve(chunk)
      }
      const onReadable = (): void => {
        const chunk = stdout.read() as Buffer | null
        if (chunk) done(chunk)
      }
      stdout.on('readable', onReadable)
      void this.exited.then(() => done((stdout.read() as Buffer | null) ?? null))
    })
    if (!first) {
      // Read before stopping: only a stop from outside (a newer request) means "stopped".
      const replaced = this.#stopped
      this.stop()
      if (timedOut) {
        throw new PeerwatchError('CONVERSION_FAILED', 'The video did not arrive in time to be converted.')
      }
      throw this.failure(replaced)
    }
    return this.#iterate(first)
  }

  stop(): void {
    if (this.#stopped) return
    this.#stopped = true
    this.#child.stdout.destroy()
    if (this.#child.exitCode === null) this.#child.kill('SIGKILL')
  }

  #iterate(first: Buffer): AsyncIterableIterator<Uint8Array> {
    const source = this.#child.stdout[Symbol.asyncIterator]() as AsyncIterator<Buffer>
    let pending: Buffer | null = first
    const conversion = this
    return {
      [Symbol.asyncIterator]() {
        return this
      },
      async next(): Promise<IteratorResult<Uint8Array>> {
        if (pending) {
          const value = pending
          pending = null
          return { value, done: false }
        }
        if (conversion.stopped) return { value: undefined, done: true }
        return source.next()
      },
      async return(): Promise<IteratorResult<Uint8Array>> {
        conversion.stop()
        return { value: undefined, done: true }
      },
    }
  }

  private failure(replaced: boolean): PeerwatchError {
    if (replaced && this.#stderr === '') {
      return new PeerwatchError('CONVERSION_FAILED', 'The conversion was stopped before it started.')
    }
    const line = lastStderrLine(this.#stderr)
    const detail = line ? `: ${line}` : ''
    return new PeerwatchError('CONVERSION_FAILED', `ffmpeg could not convert this file${detail}.`)
  }
}
