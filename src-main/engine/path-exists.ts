import { access } from 'node:fs/promises'

/** Whether anything (file, folder or link) is at `path`; an unreadable parent counts as nothing. */
export function pathExists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  )
}
