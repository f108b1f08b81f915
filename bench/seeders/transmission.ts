import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { freePort, launchSeeder, waitUntil } from './child-process.js'
import { startSourceAddressRelay } from './source-address-relay.js'
import type { RunningSeeder, SeederOptions } from './types.js'

// Transmission 3.00 counts speeds in kB of 1000 bytes (libtransmission's tr_speed_K).
const SPEED_UNIT_BYTES = 1000
const STATUS_DOWNLOADING = 4
const STATUS_SEEDING = 6

export async function startTransmissionSeeder(options: SeederOptions): Promise<RunningSeeder> {
  const [port, rpcPort] = [await freePort(), await freePort()]
  const seeder = launchSeeder('transmission', 'transmission-daemon', (configDir) => {
    writeFileSync(join(configDir, 'settings.json'), JSON.stringify(settings(options, port, rpcPort)))
    return ['--foreground', '--config-dir', configDir, '--log-error']
  })
  try {
    const rpc = transmissionRpc(rpcPort)
    const added = await waitUntil(seeder, () =>
      rpc('torrent-add', {
        filename: options.torrentPath,
        'download-dir': options.dataDir,
        paused: false,
      }),
    )
    const { id } = (added['torrent-added'] ?? added['torrent-duplicate']) as { id: number }
    // A partial seeder wants nothing: it serves what it has and never fetches the rest.
    if (options.verify) await rpc('torrent-set', { ids: [id], 'files-unwanted': [0] })
    await waitUntil(seeder, async () => {
      const { torrents } = await rpc('torrent-get', { ids: [id], fields: ['status', 'error', 'errorString'] })
      const [torrent] = torrents as Array<{ status: number; error: number; errorString: string }>
      if (torrent?.error) throw new Error(`transmission seeder: ${torrent.errorString}`)
      return torrent?.status === STATUS_SEEDING || torrent?.status === STATUS_DOWNLOADING ? true : undefined
    })
    const relay = await startSourceAddressRelay(port)
    return {
      port: relay.port,
      stop: () => {
        relay.close()
        return seeder.stop()
      },
    }
  } catch (err) {
    void seeder.stop()
    throw err
  }
}

function settings(options: SeederOptions, port: number, rpcPort: number): Record<string, unknown> {
  return {
    'bind-address-ipv4': '127.0.0.1',
    'bind-address-ipv6': '::1',
    'peer-port': port,
    'peer-port-random-on-start': false,
    'port-forwarding-enabled': false,
    'dht-enabled': false,
    'lpd-enabled': false,
    'pex-enabled': false,
    // The delay proxies carry TCP only.
    'utp-enabled': false,
    'speed-limit-up-enabled': true,
    'speed-limit-up': options.uploadLimit / SPEED_UNIT_BYTES,
    'alt-speed-enabled': false,
    'ratio-limit-enabled': false,
    'idle-seeding-limit-enabled': false,
    'download-queue-enabled': false,
    'seed-queue-enabled': false,
    'peer-limit-global': 500,
    'peer-limit-per-torrent': 100,
    'rename-partial-files': false,
    'start-added-torrents': true,
    'download-dir': options.dataDir,
    'incomplete-dir-enabled': false,
    'watch-dir-enabled': false,
    'rpc-enabled': true,
    'rpc-bind-address': '127.0.0.1',
    'rpc-port': rpcPort,
    'rpc-authentication-required': false,
    'rpc-whitelist-enabled': false,
    'rpc-host-whitelist-enabled': false,
    'message-level': 1,
  }
}

/** Transmission's RPC: the first call is refused with the session id every call must carry. */
function transmissionRpc(rpcPort: number) {
  let sessionId = ''
  const call = async (method: string, args: object): Promise<Record<string, unknown>> => {
    const response = await fetch(`http://127.0.0.1:${rpcPort}/transmission/rpc`, {
      method: 'POST',
      headers: { 'X-Transmission-Session-Id': sessionId },
      body: JSON.stringify({ method, arguments: args }),
    })
    if (response.status === 409) {
      sessionId = response.headers.get('X-Transmission-Session-Id') ?? ''
      return call(method, args)
    }
    const body = (await response.json()) as { result: string; arguments: Record<string, unknown> }
    if (body.result !== 'success') throw new Error(`transmission ${method}: ${body.result}`)
    return body.arguments
  }
  return call
}
