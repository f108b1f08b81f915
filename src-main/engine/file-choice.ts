import type { TorrentFileInfo } from '../../src-shared/contract.js'
import { PeerwatchError } from '../../src-shared/errors.js'
import { describeInput } from './torrent-id.js'

/** What the person asked to play: a file by index, by name, or (neither) the default. */
export interface FileRequest {
  index?: number | undefined
  name?: string | undefined
}

/** The index of the file to play, or a PeerwatchError that says why there is none. */
export function chooseFile(
  files: ReadonlyArray<TorrentFileInfo>,
  defaultFileIndex: number | null,
  request: FileRequest,
): number | PeerwatchError {
  if (request.name !== undefined) {
    return (
      findFileByName(files, request.name) ??
      new PeerwatchError('NO_SUCH_FILE', `This torrent has no file called "${describeInput(request.name)}".`)
    )
  }
  if (request.index !== undefined) {
    return request.index < files.length
      ? request.index
      : new PeerwatchError('NO_SUCH_FILE', `This torrent has no file number ${request.index}.`)
  }
  return defaultFileIndex ?? new PeerwatchError('NO_PLAYABLE_FILE', 'This torrent has no video file to play.')
}

/** A file named exactly, or by its path inside the torrent, or failing that case-insensitively. */
function findFileByName(files: ReadonlyArray<TorrentFileInfo>, wanted: string): number | null {
  const lower = wanted.toLowerCase()
  const match =
    files.find((f) => f.name === wanted || f.path === wanted || f.path.endsWith(`/${wanted}`)) ??
    files.find((f) => f.name.toLowerCase() === lower || f.path.toLowerCase().endsWith(`/${lower}`))
  return match ? match.index : null
}
