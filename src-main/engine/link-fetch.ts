import { type LookupAddress, type LookupOptions, lookup } from 'node:dns'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { BlockList, isIP } from 'node:net'

const MAX_REDIRECTS = 5
const REDIRECTS = new Set([301, 302, 303, 307, 308])

/** Why a link gave no file: torrent-id.ts turns each into a sentence. */
export type LinkFailure =
  | { kind: 'timeout' }
  | { kind: 'unreachable' }
  | { kind: 'too-large' }
  /** The server the link names answered with this status. */
  | { kind: 'status'; status: number }
  /** A redirect led somewhere that failed; what it answered stays untold. */
  | { kind: 'elsewhere' }
  /** It led to this machine or the local network, which the link itself did not name. */
  | { kind: 'refused' }

export class LinkFetchError extends Error {
  constructor(readonly failure: LinkFailure) {
    super(failure.kind)
    this.name = 'LinkFetchError'
  }
}

export interface LinkFetchOptions {
  maxBytes: number
  timeoutMs: number
  /**
   * Whether an address is on the public internet. Tests stand in for the internet with another
   * loopback address; everything else uses the real ranges.
   */
  isPublicAddress?: (address: string) => boolean
}

/**
 * Downloads what a link from a stranger points at, without letting it reach further than the
 * person did: redirects are followed by hand (five at most) and none may lead to this machine,
 * the local network or a special range unless the link itself named such a host (a NAS the
 * person typed); every address is checked as it is connected to, so a name that resolves
 * somewhere else the second time (DNS rebinding) is caught too. At most `maxBytes` are read.
 */
export async function fetchLink(link: string, opts: LinkFetchOptions): Promise<Uint8Array> {
  const isPublic = opts.isPublicAddress ?? isPublicAddress
  const deadline = AbortSignal.timeout(opts.timeoutMs)
  let url = new URL(link)
  let localLink: boolean | null = null
  const allowed = (address: string): boolean => {
    localLink ??= !isPublic(address)
    return localLink || isPublic(address)
  }
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new LinkFetchError({ kind: 'elsewhere' })
      const response = await get(url, deadline, allowed)
      const location = response.headers.location
      if (REDIRECTS.has(response.statusCode ?? 0) && location) {
        response.resume()
        url = new URL(location, url)
        continue
      }
      const status = response.statusCode ?? 0
      if (status < 200 || status > 299) {
        response.resume()
        throw new LinkFetchError(hop === 0 ? { kind: 'status', status } : { kind: 'elsewhere' })
      }
      return await readLimited(response, opts.maxBytes)
    }
    throw new LinkFetchError({ kind: 'elsewhere' })
  } catch (err) {
    if (err instanceof LinkFetchError) throw err
    if (deadline.aborted) throw new LinkFetchError({ kind: 'timeout' })
    if ((err as { code?: string }).code === REFUSED) throw new LinkFetchError({ kind: 'refused' })
    throw new LinkFetchError({ kind: 'unreachable' })
  }
}

const REFUSED = 'EPEERWATCH_REFUSED'

function refusal(): Error {
  return Object.assign(new Error('refused'), { code: REFUSED })
}

function get(url: URL, signal: AbortSignal, allowed: (address: string) => boolean): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    // A host written as an address is connected to without a lookup.
    const literal = url.hostname.replace(/^\[|\]$/g, '')
    if (isIP(literal) && !allowed(literal)) return reject(refusal())
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    const req = send(url, {
      signal,
      lookup: guardedLookup(allowed),
      headers: { 'user-agent': 'Peerwatch', accept: 'application/x-bittorrent, */*' },
    })
    req.once('response', resolve)
    req.once('error', reject)
    req.end()
  })
}

type LookupCallback = (err: Error | null, address: string | LookupAddress[], family?: number) => void

function guardedLookup(allowed: (address: string) => boolean) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, [])
      const usable = addresses.filter((a) => allowed(a.address))
      if (usable.length === 0) return callback(refusal(), [])
      if (options.all) return callback(null, usable)
      const [first] = usable as [LookupAddress]
      callback(null, first.address, first.family)
    })
  }
}

function readLimited(response: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers['content-length'] ?? 0)
  if (declared > maxBytes) {
    response.destroy()
    return Promise.reject(new LinkFetchError({ kind: 'too-large' }))
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let total = 0
    response.on('data', (chunk: Buffer) => {
      total += chunk.length
      if (total > maxBytes) {
        reject(new LinkFetchError({ kind: 'too-large' }))
        response.destroy()
        return
      }
      chunks.push(chunk)
    })
    response.once('end', () => resolve(Buffer.concat(chunks)))
    response.once('error', reject)
    response.once('aborted', () => reject(new Error('aborted')))
  })
}

const NON_PUBLIC = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4')
for (const [network, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6')

/** Whether every address a host name resolves to is on the public internet (false when it resolves to none). */
export async function isPublicHost(
  hostname: string,
  isPublic: (address: string) => boolean = isPublicAddress,
): Promise<boolean> {
  const literal = hostname.replace(/^\[|\]$/g, '')
  if (isIP(literal)) return isPublic(literal)
  const addresses = await lookupAll(hostname).catch(() => [])
  return addresses.length > 0 && addresses.every((a) => isPublic(a.address))
}

function lookupAll(hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    lookup(hostname, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  )
}

/** Whether an address is on the public internet (not this machine, a local network or a special range). */
export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1]
  if (mapped) return isPublicAddress(mapped)
  const family = isIP(address)
  if (family === 0) return false
  return !NON_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6')
}
