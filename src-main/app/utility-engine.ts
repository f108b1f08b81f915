import { utilityProcess } from 'electron'
import type { ForkUtilityProcess } from './engine-process.js'

/**
 * Forks the engine worker as an Electron utilityProcess (a Node process of Electron's own, no
 * renderer). Its stdout joins the app's; its stderr is piped for the launcher.
 */
export function forkUtilityEngine(workerPath: string): ForkUtilityProcess {
  return (env) =>
    utilityProcess.fork(workerPath, [], {
      serviceName: 'Peerwatch engine',
      stdio: ['ignore', 'inherit', 'pipe'],
      env,
    })
}
