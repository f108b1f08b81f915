import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveTorrentId } from '../../src-main/engine/torrent-id.js'
import { PeerwatchError } from '../../src-shared/errors.js'
import { patternBytes, startSeeder } from '../helpers/swarm.js'

// A .torrent link from a stranger (a search result, a pasted link) must not reach further than
// the person did: redirects into this computer or the home network are refused, and what
// another host answered is not told back. The internet cannot be reached here: 127.0.0.2 stands
// in for a public server, 127.0.0.1 for this computer and the local network.

const PUBLIC = '127.0.0.2'
const asInternet = { isPublicAddress: (address: string) => address === PUBLIC }

let torrentFile: Uint8Array
let infoHash: string
let internet: Server
let home: Server
let internetOrigin: string
let homePort: number
const homeRequests: string[] = []

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port)),
  )
}

beforeAll(async () => {
  const seeder = await startSeeder([{ path: 'film.mkv', data: patternBytes(50_000, 3) }], {
    pieceLength: 16384,
  })
  torrentFile = seeder.torrentFile
  infoHash = seeder.infoHash
  await seeder.destroy()
  home = createServer((req: IncomingMessage, res: ServerResponse) => {
    homeRequests.push(req.url ?? '')
    if (req.url === '/film.torrent') res.end(torrentFile)
    else res.writeHead(401).end('router login')
  })
  homePort = await listen(home, '127.0.0.1')
  internet = createServer((req, res) => {
    const to = (location: string): void => void res.writeHead(302, { location }).end()
    if (req.url === '/film.torrent') res.end(torrentFile)
    else if (req.url === '/moved') to('/film.torrent')
    else if (req.url === '/to-home') to(`http://127.0.0.1:${homePort}/film.torrent`)
    else if (req.url === '/to-home-by-name') to(`http://localhost:${homePort}/film.torrent`)
    else if (req.url === '/to-login') to('/login')
    else if (req.url === '/loop') to('/loop')
    else res.writeHead(401).end('sign in')
  })
  internetOrigin = `http://${PUBLIC}:${await listen(internet, PUBLIC)}`
})

afterAll(async () => {
  for (const server of [internet, home]) {
    server?.closeAllConnections()
    await new Promise((resolve) => server?.close(resolve))
  }
})

async function failure(link: string): Promise<string> {
  const err = await resolveTorrentId(link, asInternet).then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(PeerwatchError)
  expect((err as PeerwatchError).code).toBe('TORRENT_FETCH_FAILED')
  return (err as PeerwatchError).message
}

describe('a .torrent link that redirects', () => {
  it('is followed on the internet', async () => {
    expect((await resolveTorrentId(`${internetOrigin}/moved`, asInternet)).infoHash).toBe(infoHash)
  })

  it('may not lead into this computer or the local network, by address or by name', async () => {
    homeRequests.length = 0
    for (const path of ['/to-home', '/to-home-by-name']) {
      expect(await failure(`${internetOrigin}${path}`)).toBe(
        'Could not download the .torrent file: the link led to this computer or the local network, which only a link naming them may reach.',
      )
    }
    expect(homeRequests).toEqual([])
  })

  it('to a host the person named on the local network is theirs to follow', async () => {
    const parsed = await resolveTorrentId(`http://127.0.0.1:${homePort}/film.torrent`, asInternet)
    expect(parsed.infoHash).toBe(infoHash)
  })

  it('does not tell what the place it led to answered', async () => {
    const message = await failure(`${internetOrigin}/to-login`)
    expect(message).toBe(
      'Could not download the .torrent file: the link led elsewhere, and no .torrent file came from there.',
    )
    expect(message).not.toContain('401')
    // The host the link names is the person's to hear from.
    expect(await failure(`${internetOrigin}/private`)).toBe(
      'Could not download the .torrent file: the server answered 401.',
    )
  })

  it('gives up after five redirects', async () => {
    expect(await failure(`${internetOrigin}/loop`)).toMatch(/led elsewhere/)
  })
})
