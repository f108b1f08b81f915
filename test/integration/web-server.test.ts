import { readFile } from 'node:fs/promises'
import { connect, type Socket } from 'node:net'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { StreamRequestHandler } from '../../src-main/web/web-server.js'
import { allowedSources, cspDirectives, expectStrictCsp } from '../helpers/csp.js'
import { cookieFrom, httpRequest, signIn, WireClient } from '../helpers/web-client.js'
import { RENDERER_DIR, WebServerFixture, wsUrl } from '../helpers/web-server.js'

/** Served over HTTP the streams (/stream/) and the socket (/ws) are the page's own origin. */
function expectPageCsp(policy: string | string[] | undefined): void {
  expect(typeof policy).toBe('string')
  expectStrictCsp(String(policy))
  expect(allowedSources(String(policy), 'media-src')).toEqual(expect.arrayContaining(["'self'", 'blob:']))
  expect(allowedSources(String(policy), 'connect-src')).toContain("'self'")
  // The login form posts to this server and nowhere else.
  expect(cspDirectives(String(policy)).get('form-action')).toEqual(["'self'"])
}
const PAGE = { accept: 'text/html' }

const web = new WebServerFixture()
const start = web.start.bind(web)
let scriptName: string

beforeAll(async () => {
  await web.setUp()
  scriptName = web.scriptName
}, 300_000)
afterEach(() => web.closeEach())
afterAll(() => web.closeAll())

describe('signing in with the link', () => {
  it('answers 401 with a page pointing at `peerwatch serve` to anyone without a session', async () => {
    const server = await start()
    for (const path of ['/', '/index.html', `/assets/${scriptName}`, '/ws']) {
      const answer = await httpRequest(server.origin, path, { headers: PAGE })
      expect(answer.status, path).toBe(401)
      expect(answer.text).toContain('peerwatch serve')
      expect(answer.text).not.toContain('id="root"')
    }
  })

  it('turns the token link into an HttpOnly session cookie, then serves the app with a strict CSP', async () => {
    const server = await start()
    const link = new URL(server.url)
    const exchange = await httpRequest(server.origin, link.pathname + link.search)
    expect(exchange.status).toBe(303)
    expect(exchange.headers.location).toBe('/')
    const setCookie = exchange.headers['set-cookie']?.[0] ?? ''
    expect(setCookie).toMatch(
      /^peerwatch_session=[\w-]{40,}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=2592000$/,
    )
    expect(setCookie).not.toContain(link.searchParams.get('token'))

    const page = await httpRequest(server.origin, '/', { headers: { cookie: cookieFrom(exchange) } })
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expectPageCsp(page.headers['content-security-policy'])
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    expect(page.headers['x-frame-options']).toBe('DENY')
    expect(page.headers['cache-control']).toBe('no-cache')
    expect(page.text).toContain('<div id="root"></div>')
    expect(page.text).toContain(`/assets/${scriptName}`)
    expect(page.text.toLowerCase()).not.toContain('http-equiv="content-security-policy"')
  })

  it('serves the hashed assets byte for byte as immutable JavaScript', async () => {
    const server = await start()
    const cookie = await signIn(server.url)
    const script = await httpRequest(server.origin, `/assets/${scriptName}`, { headers: { cookie } })
    expect(script.status).toBe(200)
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(script.headers['cache-control']).toContain('immutable')
    expect(script.body.equals(await readFile(join(RENDERER_DIR, 'assets', scriptName)))).toBe(true)
    const head = await httpRequest(server.origin, `/assets/${scriptName}`, {
      method: 'HEAD',
      headers: { cookie },
    })
    expect(head.headers['content-length']).toBe(String(script.body.length))
    expect(head.body.length).toBe(0)
  })

  it('works once: the same link again is refused, and the server hands out the next', async () => {
    const server = await start()
    const first = server.url
    const link = new URL(first)
    expect((await httpRequest(server.origin, link.pathname + link.search)).status).toBe(303)
    const again = await httpRequest(server.origin, link.pathname + link.search)
    expect(again.status).toBe(401)
    expect(again.headers['set-cookie']).toBeUndefined()
    expect(server.url).not.toBe(first)
    const page = await httpRequest(server.origin, '/', { headers: { cookie: await signIn(server.url) } })
    expect(page.status).toBe(200)
  })

  it('signs out with a POST from its own page, and never from another site', async () => {
    const server = await start()
    const cookie = await signIn(server.url)
    const elsewhere = await httpRequest(server.origin, '/logout', {
      method: 'POST',
      headers: { cookie, origin: 'http://evil.example' },
    })
    expect(elsewhere.status).toBe(403)
    expect((await httpRequest(server.origin, '/', { headers: { cookie } })).status).toBe(200)
    expect((await httpRequest(server.origin, '/logout', { headers: { cookie } })).status).toBe(405)
    const out = await httpRequest(server.origin, '/logout', {
      method: 'POST',
      headers: { cookie, origin: server.origin },
    })
    expect(out.status).toBe(303)
    expect(out.headers['set-cookie']?.[0]).toBe(
      'peerwatch_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0',
    )
    expect((await httpRequest(server.origin, '/', { headers: { cookie } })).status).toBe(401)
  })

  it('refuses a wrong token and a made-up cookie', async () => {
    const server = await start()
    const wrong = await httpRequest(server.origin, `/?token=${'A'.repeat(43)}`)
    expect(wrong.status).toBe(401)
    expect(wrong.headers['set-cookie']).toBeUndefined()
    const empty = await httpRequest(server.origin, '/?token=')
    expect(empty.status).toBe(401)
    const forged = await httpRequest(server.origin, '/', {
      headers: { cookie: `peerwatch_session=${'x'.repeat(43)}` },
    })
    expect(forged.status).toBe(401)
  })

  it('answers 404 to paths outside the build, however they are encoded, and lists no folder', async () => {
    const server = await start()
    const cookie = await signIn(server.url)
    const attempts = [
      '/../package.json',
      '/assets/../../package.json',
      '/assets/..%2f..%2fpackage.json',
      '/assets/..%2F..%2Fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/assets/..%5c..%5cpackage.json',
      '/assets/%252e%252e%252fpackage.json',
      '/..%c0%af..%c0%afpackage.json',
      '//etc/passwd',
      '/assets/',
      '/assets',
      '/index.html%00.js',
    ]
    for (const path of attempts) {
      const answer = await httpRequest(server.origin, path, { headers: { cookie } })
      expect(answer.status, path).toBe(404)
      expect(answer.text, path).not.toContain('"name": "peerwatch"')
      expect(answer.text, path).not.toContain(scriptName)
    }
  })
})

describe('the Host check (DNS rebinding)', () => {
  it('answers 403 to a foreign Host, even with a session, on pages, streams and the WebSocket', async () => {
    const server = await start()
    const cookie = await signIn(server.url)
    const foreign = { host: `evil.example:${server.port}`, cookie }
    expect((await httpRequest(server.origin, '/', { headers: foreign })).status).toBe(403)
    const link = new URL(server.url)
    expect((await httpRequest(server.origin, link.pathname + link.search, { headers: foreign })).status).toBe(
      403,
    )
    expect(
      (await httpRequest(server.origin, `/stream/t/${'a'.repeat(40)}/0/x.mp4`, { headers: foreign })).status,
    ).toBe(403)
    const ws = wsUrl(server)
    expect(await WireClient.refusal(ws, { ...foreign, origin: server.origin })).toBe(403)
    // The names a person may really use for a loopback server are let in.
    const byName = await httpRequest(server.origin, '/', {
      headers: { host: `localhost:${server.port}`, cookie },
    })
    expect(byName.status).toBe(200)
  })
})

describe('stream routes', () => {
  it('go to the mounted engine without a session cookie (players have none), or 503 while it starts', async () => {
    const handler: StreamRequestHandler = {
      async handleStreamRequest(req, res) {
        res.writeHead(206, { 'Content-Type': 'video/mp4' }).end(`engine saw ${req.url}`)
      },
    }
    const server = await start({ streams: handler })
    const path = `/stream/tok/${'a'.repeat(40)}/0/film.mp4`
    const answer = await httpRequest(server.origin, path, { headers: { range: 'bytes=0-1' } })
    expect(answer.status).toBe(206)
    expect(answer.text).toBe(`engine saw ${path}`)

    const starting = await start()
    const waiting = await httpRequest(starting.origin, path)
    expect(waiting.status).toBe(503)
    expect(waiting.headers['retry-after']).toBe('1')
  })
})

describe('signing in with a password', () => {
  const PASSWORD = 'correct horse battery'
  const form = (password: string) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ password }).toString(),
  })

  it('sends a page request to a script-free login form, and signs in with the right password', async () => {
    const server = await start({ password: PASSWORD })
    const page = await httpRequest(server.origin, '/', { headers: PAGE })
    expect(page.status).toBe(303)
    expect(page.headers.location).toBe('/login')
    const asset = await httpRequest(server.origin, `/assets/${scriptName}`)
    expect(asset.status).toBe(401)

    const login = await httpRequest(server.origin, '/login')
    expect(login.status).toBe(200)
    expectPageCsp(login.headers['content-security-policy'])
    expect(login.text).toContain('<form method="post" action="/login">')
    expect(login.text).toContain('type="password" name="password"')
    expect(login.text).not.toContain('<script')

    const wrong = await httpRequest(server.origin, '/login', form('wrong horse'))
    expect(wrong.status).toBe(401)
    expect(wrong.text).toContain('Wrong password')
    expect(wrong.text).toContain('<form method="post" action="/login">')
    expect(wrong.headers['set-cookie']).toBeUndefined()

    const right = await httpRequest(server.origin, '/login', form(PASSWORD))
    expect(right.status).toBe(303)
    expect(right.headers.location).toBe('/')
    const app = await httpRequest(server.origin, '/', { headers: { cookie: cookieFrom(right) } })
    expect(app.status).toBe(200)
    expect(app.text).toContain('<div id="root"></div>')

    // The printed link keeps working beside the password.
    expect(
      (await httpRequest(server.origin, '/', { headers: { cookie: await signIn(server.url) } })).status,
    ).toBe(200)
  })

  it('refuses a sign-in posted from another site', async () => {
    const server = await start({ password: PASSWORD })
    const forged = form(PASSWORD)
    const answer = await httpRequest(server.origin, '/login', {
      ...forged,
      headers: { ...forged.headers, origin: 'http://evil.example' },
    })
    expect(answer.status).toBe(403)
    expect(answer.headers['set-cookie']).toBeUndefined()
  })

  it('answers 429 from the sixth wrong password in a minute on, even to the right one', async () => {
    const server = await start({ password: PASSWORD })
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await httpRequest(server.origin, '/login', form(`guess ${attempt}`))).status).toBe(401)
    }
    const sixth = await httpRequest(server.origin, '/login', form('guess 6'))
    expect(sixth.status).toBe(429)
    expect(sixth.headers['retry-after']).toBe('60')
    const right = await httpRequest(server.origin, '/login', form(PASSWORD))
    expect(right.status).toBe(429)
    expect(right.headers['set-cookie']).toBeUndefined()
  })

  it('has no login form when no password is set', async () => {
    const server = await start()
    expect((await httpRequest(server.origin, '/login')).status).toBe(404)
    expect((await httpRequest(server.origin, '/login', form(''))).status).toBe(404)
  })
})

describe('clients that hold the server', () => {
  /** A raw connection; resolves `closed` with what the server sent before it hung up. */
  function rawClient(origin: string): { socket: Socket; closed: Promise<string> } {
    const { hostname, port } = new URL(origin)
    const socket = connect(Number(port), hostname)
    let received = ''
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1')
    })
    socket.on('error', () => {})
    const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(received)))
    return { socket, closed }
  }

  it('cuts off a request whose head comes a byte at a time, and serves others meanwhile', async () => {
    const server = await start({ limits: { requestMs: 1000 } })
    const slow = rawClient(server.origin)
    slow.socket.write(`GET / HTTP/1.1\r\nHost: ${new URL(server.origin).host}\r\n`)
    const drip = setInterval(() => slow.socket.write('X'), 200)
    try {
      expect((await httpRequest(server.origin, '/')).status).toBe(401)
      expect(await slow.closed).toMatch(/^HTTP\/1\.1 408/)
    } finally {
      clearInterval(drip)
      slow.socket.destroy()
    }
  })

  it('answers 408 to a login form that never finishes arriving', async () => {
    const server = await start({ password: 'open sesame', limits: { requestMs: 1000 } })
    const slow = rawClient(server.origin)
    slow.socket.write(
      `POST /login HTTP/1.1\r\nHost: ${new URL(server.origin).host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 40\r\n\r\npass`,
    )
    expect(await slow.closed).toMatch(/^HTTP\/1\.1 408/)
  })

  it('refuses connections from one address beyond its share, and serves it again once some close', async () => {
    const server = await start({ limits: { connectionsPerAddress: 4 } })
    const held = Array.from({ length: 4 }, () => rawClient(server.origin))
    await Promise.all(held.map((c) => new Promise((resolve) => c.socket.once('connect', resolve))))
    const extra = rawClient(server.origin)
    expect(await extra.closed).toBe('')
    for (const c of held) c.socket.destroy()
    await Promise.all(held.map((c) => c.closed))
    expect((await httpRequest(server.origin, '/')).status).toBe(401)
  })
})
