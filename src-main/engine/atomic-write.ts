import { open, rename } from 'node:fs/promises'
import { basename, dirname } from 'node:path'

/**
 * Replaces `path` with `data` so that a crash or a power cut leaves either the old file or the
 * new one, never a part: the bytes go to a temporary file beside it, reach the disk (fsync),
 * and only then take its name; the folder is synced too, so the new name itself survives.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = temporaryPathFor(path)
  const handle = await open(temporary, 'w')
  try {
    await handle.writeFile(data)
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(temporary, path)
  await syncFolder(dirname(path))
}

/** Whether `name`, in the folder of `path`, is a temporary file of a write to it. */
export function isTemporaryFileOf(path: string, name: string): boolean {
  const prefix = `${basename(path)}.`
  return name.startsWith(prefix) && /^\d+\.tmp$/.test(name.slice(prefix.length))
}

function temporaryPathFor(path: string): string {
  return `${path}.${process.pid}.tmp`
}

async function syncFolder(folder: string): Promise<void> {
  // Windows cannot open a folder for syncing, and its renames need none.
  if (process.platform === 'win32') return
  const handle = await open(folder, 'r')
  // Some file systems (network, FUSE) refuse to sync a folder: the file itself is already whole.
  await handle.sync().catch(() => {})
  await handle.close()
}
