// Builds once when the output is missing or older than the sources, so `npm run serve` and
// `npm run bench` work straight after `npm install`.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const built = join(root, 'out/main/cli.js')

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

const sources = ['src-main', 'src-preload', 'src-shared', 'src-renderer'].map((d) =>
  newestMtime(join(root, d)),
)
if (!existsSync(built) || Math.max(...sources) > statSync(built).mtimeMs) {
  execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
}
