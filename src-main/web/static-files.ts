import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { extname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { removeMetaCsp } from './security-headers.js'

/** A file of the renderer build, ready to send. */
export interface StaticFile {
  body: Buffer
  headers: Record<string, string>
}

/**
 * The renderer build, read once at start. Requests are looked up by exact path in what was
 * found on disk, so no URL, encoded or not, can name a file outside it.
 */
export interface StaticSite {
  lookup(pathname: string): StaticFile | undefined
}

export class RendererNotBuiltError extends Error {
  constructor(dir: string) {
    super(`The web app is not built (${join(dir, 'index.html')} is missing): run "npm run build" first.`)
  }
}

/** out/renderer beside the built CLI (out/main/cli.js, or a chunk one folder deeper). */
export function defaultRendererDir(): string {
  const candidates = ['../renderer', '../../renderer'].map((p) => fileURLToPath(new URL(p, import.meta.url)))
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? (candidates[0] as string)
}

export async function loadStaticSite(dir: string): Promise<StaticSite> {
  if (!existsSync(join(dir, 'index.html'))) throw new RendererNotBuiltError(dir)
  const files = new Map<string, StaticFile>()
  for (const path of await listFiles(dir)) {
    const urlPath = `/${relative(dir, path).split(sep).join('/')}`
    let body = await readFile(path)
    if (urlPath === '/index.html') body = Buffer.from(removeMetaCsp(body.toString('utf8')))
    files.set(urlPath, { body, headers: fileHeaders(urlPath, body.length) })
  }
  return {
    lookup(pathname) {
      const decoded = safeDecode(pathname)
      if (decoded === undefined) return undefined
      return files.get(decoded === '/' ? '/index.html' : decoded)
    },
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
}

// Vite names bundled assets name-HASH.ext: such a file never changes under its name.
const HASHED_ASSET = /^\/assets\/.+-[\w-]{8,}\.[a-z0-9]+$/i

function fileHeaders(urlPath: string, length: number): Record<string, string> {
  return {
    'Content-Type': CONTENT_TYPES[extname(urlPath).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(length),
    'Cache-Control': HASHED_ASSET.test(urlPath) ? 'public, max-age=31536000, immutable' : 'no-cache',
  }
}

/** Regular files only, no dotfiles: symlinks and anything hidden stay unserved. */
async function listFiles(dir: string): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) found.push(...(await listFiles(path)))
    else if (entry.isFile()) found.push(path)
  }
  return found
}

function safeDecode(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname)
  } catch {
    return undefined
  }
}
