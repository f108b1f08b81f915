/**
 * ffmpeg's own last word on a failure, fit for a person: its last non-empty line, with the
 * engine's stream URL (which carries the secret token) named "the stream".
 */
export function lastStderrLine(stderr: string): string {
  const line = stderr
    .trim()
    .split('\n')
    .filter((l) => l.trim())
    .pop()
  return (line ?? '').replace(/https?:\/\/\S+/g, 'the stream').slice(0, 200)
}
