import { homedir } from 'node:os'
import { join } from 'node:path'

/** Where Peerwatch keeps downloads and state when nobody says otherwise (per-OS convention). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.PEERWATCH_DATA_DIR) return env.PEERWATCH_DATA_DIR
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'Peerwatch')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Peerwatch')
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'peerwatch')
}

export function defaultDownloadDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  return join(defaultDataDir(env, platform), 'downloads')
}

/**
 * Where the desktop app keeps its settings, library and window state (Electron's userData, set to
 * this at start): the CLI reads the settings there too, so `peerwatch cleanup` and `search`
 * follow what was chosen in the app.
 */
export function desktopStateDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Peerwatch')
  // Beside the data folder there, whose settings.json is `peerwatch serve`'s.
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Peerwatch', 'desktop')
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Peerwatch')
}
