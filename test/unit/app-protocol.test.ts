import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appResponse, desktopCsp, rendererPath } from '../../src-main/app/app-protocol.js'
import { loadStaticSite, type StaticSite } from '../../src-main/web/static-files.js'
import { allowedSources, expectStrictCsp } from '../helpers/csp.js'

const INDEX = `<!doctype html>
<html>
  <head>
    <meta
      http-equiv="Content-Security-Policy"
      content="default-src 'self'; media-src http://127.0.0.1:*"
    />
    <title>Peerwatch</title>
    <script type="module" src="/assets/index-AbCd1234.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>
`

let root: string
let site: StaticSite

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pw-app-protocol-'))
  const build = join(root, 'renderer')
  await mkdir(join(build, 'assets'), { recursive: true })
  await writeFile(join(build, 'index.html'), INDEX)
  await writeFile(join(build, 'assets', 'index-AbCd1234.js'), 'console.log("page")')
  await writeFile(join(root, 'secret.txt'), 'outside the build')
  site = await loadStaticSite(build)
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('the desktop CSP', () => {
  it('runs only the bundled scripts, and takes media and data only from the engine port', () => {
    const policy = desktopCsp(45123)
    expectStrictCsp(policy, ['http://127.0.0.1:45123'])
    // The player needs the engine: its streams, and a converted stream fetched into a blob:.
    expect(allowedSources(policy, 'media-src')).toEqual(
      expect.arrayContaining(['http://127.0.0.1:45123', 'blob:']),
    )
    expect(allowedSources(policy, 'connect-src')).toContain('http://127.0.0.1:45123')
    // The port is the engine's of this run: another loopback server is not let in.
    expect(allowedSources(desktopCsp(40001), 'media-src')).not.toContain('http://127.0.0.1:45123')
  })
})

describe('app:// paths', () => {
  it.each([
    ['app://peerwatch/', '/index.html'],
    ['app://peerwatch/index.html', '/index.html'],
    ['app://peerwatch/index.html#/player/abc', '/index.html'],
    ['app://peerwatch/assets/index-AbCd1234.js?v=1', '/assets/index-AbCd1234.js'],
    ['app://peerwatch/assets/a%20b.css', '/assets/a b.css'],
  ])('%s is %s', (url, path) => {
    expect(rendererPath(url)).toBe(path)
  })

  it.each([
    'app://elsewhere/index.html',
    'file:///etc/passwd',
    'https://peerwatch/index.html',
    'app://peerwatch/assets/..%2f..%2fsecret.txt',
    'app://peerwatch/assets/%2e%2e%5csecret.txt',
    'app://peerwatch/assets/%00.js',
    'app://peerwatch/%E0%A4%A',
    'not a url',
  ])('refuses %s', (url) => {
    expect(rendererPath(url)).toBeNull()
  })
})

describe('app:// responses', () => {
  it('serves index.html without its meta CSP and with the CSP as a header', () => {
    const answer = appResponse(site, 'GET', 'app://peerwatch/', 40001)
    expect(answer.status).toBe(200)
    expect(answer.headers['Content-Security-Policy']).toBe(desktopCsp(40001))
    expect(answer.headers['Content-Type']).toBe('text/html; charset=utf-8')
    expect(answer.headers['X-Content-Type-Options']).toBe('nosniff')
    const html = Buffer.from(answer.body as Uint8Array).toString('utf8')
    expect(html).not.toMatch(/Content-Security-Policy/i)
    expect(html).toContain('<title>Peerwatch</title>')
    expect(html).toContain('/assets/index-AbCd1234.js')
  })

  it('serves the bundled assets with their type and long caching', () => {
    const answer = appResponse(site, 'GET', 'app://peerwatch/assets/index-AbCd1234.js', 40001)
    expect(answer.status).toBe(200)
    expect(answer.headers['Content-Type']).toBe('text/javascript; charset=utf-8')
    expect(answer.headers['Cache-Control']).toContain('immutable')
    expect(Buffer.from(answer.body as Uint8Array).toString()).toBe('console.log("page")')
  })

  it('answers 404 outside the build, for traversal and for other hosts, still with the CSP', () => {
    for (const url of [
      'app://peerwatch/secret.txt',
      'app://peerwatch/../secret.txt',
      'app://peerwatch/assets/..%2f..%2fsecret.txt',
      'app://peerwatch/%2e%2e/secret.txt',
      'app://other/index.html',
      'app://peerwatch/missing.js',
    ]) {
      const answer = appResponse(site, 'GET', url, 40001)
      expect(answer.status, url).toBe(404)
      expect(answer.headers['Content-Security-Policy']).toBe(desktopCsp(40001))
      expect(String(answer.body)).not.toContain('outside the build')
    }
  })

  it('answers HEAD without a body and refuses other methods', () => {
    const head = appResponse(site, 'HEAD', 'app://peerwatch/index.html', 40001)
    expect(head.status).toBe(200)
    expect(head.body).toBeNull()
    const post = appResponse(site, 'POST', 'app://peerwatch/index.html', 40001)
    expect(post.status).toBe(405)
    expect(post.headers.Allow).toBe('GET, HEAD')
  })
})
