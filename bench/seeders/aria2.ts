import { readFileSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import parseTorrent from 'parse-torrent'
import { freePort, launchSeeder, waitUntil } from './child-process.js'
import type { RunningSeeder, SeederOptions } from './types.js'

interface Aria2Status {
  status: string
  verifiedLength?: string
  verifyIntegrityPending?: string
}

export async function startAria2Seeder(options: SeederOptions): Promise<RunningSeeder> {
  const { name } = await parseTorrent(readFileSync(options.torrentPath))
  const [port, rpcPort] = [await freePort(), await freePort()]
  const seeder = launchSeeder('aria2', 'aria2c', (scratchDir) => {
    // aria2 keeps its control file beside the data: a link keeps it out of the shared data directory.
    symlinkSync(join(options.dataDir, String(name)), join(scratchDir, String(name)))
    return [
      '--no-conf',
      `--dir=${scratchDir}`,
      '--interface=127.0.0.1',
      '--disable-ipv6',
      `--listen-port=${port}`,
      '--enable-dht=false',
      '--enable-dht6=false',
      '--bt-enable-lpd=false',
      '--enable-peer-exchange=false',
      '--bt-max-peers=0',
      `--max-overall-upload-limit=${options.uploadLimit}`,
      // Seed for ever, whatever the share ratio.
      '--seed-ratio=0.0',
      options.verify ? '--check-integrity=true' : '--bt-seed-unverified=true',
      // aria2 cannot be told to stop downloading: a partial seeder asks for next to nothing.
      ...(options.verify ? ['--max-download-limit=1'] : []),
      '--file-allocation=none',
      '--auto-save-interval=0',
      '--enable-rpc',
      '--rpc-listen-all=false',
      `--rpc-listen-port=${rpcPort}`,
      '--console-log-level=error',
      '--summary-interval=0',
      options.torrentPath,
    ]
  })
  try {
    await waitUntil(seeder, async () => {
      const response = await fetch(`http://127.0.0.1:${rpcPort}/jsonrpc`, {
        method: 'POST',
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 'ready',
          method: 'aria2.tellActive',
          params: [['status', 'verifiedLength', 'verifyIntegrityPending']],
        }),
      })
      const [download] = ((await response.json()) as { result: Aria2Status[] }).result
      const checked = download?.status === 'active' && !download.verifiedLength
      return checked && !download.verifyIntegrityPending ? true : undefined
    })
    return { port, stop: seeder.stop }
  } catch (err) {
    void seeder.stop()
    throw err
  }
}
