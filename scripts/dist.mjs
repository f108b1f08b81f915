// `npm run dist`: the installers for this OS. Debian requires a maintainer address and a
// homepage in a .deb, and this project does not publish either yet; rather than invent them,
// the .deb is built only when the person releasing says who they are, and skipped (with a
// line saying how to build it) otherwise. The AppImage and the other OSes' installers need neither.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const MAINTAINER = /^[^<>]+ <[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+>$/

/**
 * electron-builder's arguments for `platform`, from package.json and the environment
 * (PEERWATCH_MAINTAINER="Name <address>", PEERWATCH_HOMEPAGE=https://...).
 * Returns { args, notice } or throws with a message for the person running it.
 */
export function distArguments({ platform, env, packageJson }) {
  const args = ['--config', 'electron-builder.yml']
  if (platform !== 'linux') return { args, notice: null }
  const author = packageJson.author
  const hasMaintainer = typeof author === 'object' && author !== null && Boolean(author.email)
  const maintainer = env.PEERWATCH_MAINTAINER?.trim() || null
  const homepage = env.PEERWATCH_HOMEPAGE?.trim() || packageJson.homepage || null
  if (maintainer !== null && !MAINTAINER.test(maintainer))
    throw new Error(`PEERWATCH_MAINTAINER must look like "Name <address@example.org>", not "${maintainer}".`)
  if (homepage !== null && !/^https?:\/\/\S+$/.test(homepage))
    throw new Error(`PEERWATCH_HOMEPAGE must be an http(s) address, not "${homepage}".`)
  if ((hasMaintainer || maintainer) && homepage) {
    if (maintainer) args.push(`-c.deb.maintainer=${maintainer}`)
    if (!packageJson.homepage) args.push(`-c.extraMetadata.homepage=${homepage}`)
    return { args, notice: null }
  }
  args.push('--linux', 'AppImage')
  return {
    args,
    notice:
      'Skipping the .deb: Debian requires a maintainer and a homepage. To build it too, run\n' +
      '  PEERWATCH_MAINTAINER="Name <address>" PEERWATCH_HOMEPAGE=https://... npm run dist',
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url))
  try {
    const packageJson = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'))
    const { args, notice } = distArguments({ platform: process.platform, env: process.env, packageJson })
    if (notice) console.log(notice)
    execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
    execFileSync('npx', ['electron-builder', ...args], { cwd: root, stdio: 'inherit' })
  } catch (err) {
    // electron-builder has already printed its own error; ours is one line.
    if (!('status' in err)) console.error(`dist: ${err.message}`)
    process.exit(1)
  }
}
