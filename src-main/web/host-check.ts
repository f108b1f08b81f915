import { networkInterfaces, hostname as osHostname } from 'node:os'

// DNS rebinding defence: a page on evil.example that re-points its name at this machine still
// sends "Host: evil.example", so only names this server really answers to are let in.

export interface HostNames {
  hostname: string
  /** Every address of every interface, as os.networkInterfaces() lists them. */
  addresses: string[]
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '::1']

export function isLoopbackHost(host: string): boolean {
  const value = host.toLowerCase().replace(/^\[|\]$/g, '')
  return value === 'localhost' || value === '::1' || /^127(\.\d{1,3}){3}$/.test(value)
}

/** The `name:port` values a Host header may carry for a server bound to `bindHost:port`. */
export function allowedHostValues(bindHost: string, port: number, names: HostNames): Set<string> {
  const hosts = [...LOOPBACK_NAMES]
  if (!isLoopbackHost(bindHost)) {
    const name = names.hostname.toLowerCase()
    hosts.push(bindHost, ...names.addresses, name, `${name}.local`)
  }
  const values = new Set<string>()
  for (const host of hosts) {
    const bare = host.replace(/%.*$/, '').toLowerCase()
    const formatted = bare.includes(':') && !bare.startsWith('[') ? `[${bare}]` : bare
    values.add(`${formatted}:${port}`)
    // Browsers leave the default port out of Host and Origin.
    if (port === 80) values.add(formatted)
  }
  return values
}

export function currentHostNames(): HostNames {
  const addresses = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address))
  return { hostname: osHostname(), addresses }
}

export interface HostCheck {
  /** Whether a Host header value names this server. */
  allows(host: string | undefined): boolean
  /** Whether an Origin header is this server's own page (http://<allowed host>). */
  allowsOrigin(origin: string | undefined): boolean
}

const REFRESH_MS = 10_000

/** Looks the machine's addresses up again on a miss (at most every 10 s): DHCP may move them. */
export function createHostCheck(bindHost: string, port: number, names = currentHostNames): HostCheck {
  let allowed = allowedHostValues(bindHost, port, names())
  let refreshedAt = Date.now()
  const allows = (host: string | undefined): boolean => {
    const value = host?.trim().toLowerCase()
    if (!value) return false
    if (allowed.has(value)) return true
    if (isLoopbackHost(bindHost) || Date.now() - refreshedAt < REFRESH_MS) return false
    allowed = allowedHostValues(bindHost, port, names())
    refreshedAt = Date.now()
    return allowed.has(value)
  }
  return {
    allows,
    allowsOrigin(origin) {
      if (!origin) return false
      let url: URL
      try {
        url = new URL(origin)
      } catch {
        return false
      }
      return url.protocol === 'http:' && url.origin === origin.toLowerCase() && allows(url.host)
    },
  }
}
