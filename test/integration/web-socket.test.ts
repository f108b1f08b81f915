import { randomBytes } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { MAX_TORRENT_FILE_BYTES, type PortMessage } from '../../src-shared/contract.js'
import { craftedTorrent } from '../helpers/crafted-torrent.js'
import { signIn, WireClient } from '../helpers/web-client.js'
import { WebServerFixture, wsUrl } from '../helpers/web-server.js'

const web = new WebServerFixture()
const start = web.start.bind(web)
const socket = web.socket.bind(web)

beforeAll(() => web.setUp(), 300_000)
afterEach(() => web.closeEach())
afterAll(() => web.closeAll())

function isResponse(m: PortMessage): m is Extract<PortMessage, { kind: 'response' }> {
  return m.kind === 'response'
}

describe('the WebSocket at /ws', () => {
  it('answers requests, carries events, and answers malformed frames with BAD_REQUEST without closing', async () => {
    const server = await start()
    const client = await socket(server, await signIn(server.url))

    const list = await client.request('wt-list', {})
    expect(list.result).toEqual({ ok: true, value: { torrents: [] } })

    const before = client.messages.length
    client.sendText('this is not JSON')
    client.sendText(JSON.stringify({ kind: 'request', id: 41, channel: 42, payload: {} }))
    client.sendText(JSON.stringify({ kind: 'event', event: 'wt-done', payload: {}, id: 42 }))
    client.sendBinary(new Uint8Array([1, 2, 3]))
    const answers: Array<Extract<PortMessage, { kind: 'response' }>> = []
    const unseen = (m: PortMessage): m is Extract<PortMessage, { kind: 'response' }> =>
      isResponse(m) && !answers.includes(m)
    for (let i = 0; i < 4; i++) answers.push(await client.waitFor(unseen, before))
    expect(answers.map((a) => a.id).sort()).toEqual([0, 0, 41, 42])
    for (const answer of answers) {
      expect(answer.result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    }
    expect(client.isOpen).toBe(true)
    expect((await client.request('wt-list', {})).result.ok).toBe(true)

    const unknown = await client.request('wt-explode', {})
    expect(unknown.result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })

    // A dropped .torrent crosses as {"$bytes": base64} and reaches the engine as bytes: it is
    // judged as a .torrent file, not refused as a malformed request.
    const dropped = await client.request('wt-add', { torrentFile: new TextEncoder().encode('d4:infod') })
    expect(dropped.result).toMatchObject({ ok: false, error: { code: 'BAD_TORRENT_FILE' } })

    const second = await socket(server, await signIn(server.url))
    const changed = await client.request('settings-set', { retentionHours: 48 })
    expect(changed.result).toMatchObject({ ok: true, value: { retentionHours: 48 } })
    for (const c of [client, second]) {
      expect((await c.event('settings-changed')).payload).toMatchObject({ retentionHours: 48 })
    }
  })

  it('takes a dropped 9 MiB .torrent in one frame and starts it, and refuses one over the limit in words', async () => {
    const server = await start()
    const client = await socket(server, await signIn(server.url))
    const pieces = Math.floor((9 * 1024 * 1024) / 20)
    const big = await craftedTorrent((info) => {
      info.pieces = randomBytes(pieces * 20)
      info.length = pieces * 16 * 1024
    })
    expect(big.bytes.byteLength).toBeGreaterThan(9 * 1024 * 1024)
    const added = await client.request('wt-add', { torrentFile: big.bytes })
    expect(added.result).toEqual({ ok: true, value: { infoHash: big.infoHash } })
    expect(client.isOpen).toBe(true)

    const tooBig = await client.request('wt-add', { torrentFile: new Uint8Array(MAX_TORRENT_FILE_BYTES + 1) })
    expect(tooBig.result).toEqual({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: 'The .torrent file must be at most 10 MB.',
        field: 'torrentFile',
      },
    })
    expect(client.isOpen).toBe(true)
  })

  it('refuses an upgrade without a session (401) or from another origin (403)', async () => {
    const server = await start()
    const ws = wsUrl(server)
    const cookie = await signIn(server.url)
    expect(await WireClient.refusal(ws, { origin: server.origin })).toBe(401)
    expect(await WireClient.refusal(ws, { origin: server.origin, cookie: 'peerwatch_session=nope' })).toBe(
      401,
    )
    expect(await WireClient.refusal(ws, { cookie, origin: 'http://evil.example' })).toBe(403)
    expect(await WireClient.refusal(ws, { cookie, origin: `http://evil.example:${server.port}` })).toBe(403)
    expect(await WireClient.refusal(ws, { cookie })).toBe(403)
    expect(await WireClient.refusal(`${ws}-other`, { cookie, origin: server.origin })).toBe(404)
  })
})
