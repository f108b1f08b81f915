import { expect } from 'vitest'

/** A Content-Security-Policy header as directive -> its sources, lower-cased. */
export function cspDirectives(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>()
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().toLowerCase().split(/\s+/)
    // A directive given twice: browsers obey the first.
    if (name && !directives.has(name)) directives.set(name, sources)
  }
  return directives
}

/** The sources a fetch directive allows, falling back to default-src as browsers do. */
export function allowedSources(policy: string, directive: string): string[] {
  const directives = cspDirectives(policy)
  return directives.get(directive) ?? directives.get('default-src') ?? ['*']
}

/**
 * What Peerwatch's pages need from their policy, whatever its exact text: nothing loads from
 * anywhere unless allowed; scripts only from the page's own origin (no inline script, no eval,
 * no blob: or data: script); no plugins, no <base> rewriting, no framing by another site; media
 * and connections only from the page itself and `engineOrigins` (the engine's range server),
 * plus blob: media (a converted stream plays through a MediaSource).
 */
export function expectStrictCsp(policy: string, engineOrigins: string[] = []): void {
  const directives = cspDirectives(policy)
  expect(["'none'", "'self'"]).toContain((directives.get('default-src') ?? []).join(' '))
  for (const script of ['script-src', 'script-src-elem', 'script-src-attr'])
    expect(allowedSources(policy, script), script).toEqual(["'self'"])
  expect(allowedSources(policy, 'object-src')).toEqual(["'none'"])
  expect(directives.get('base-uri'), 'base-uri').toEqual(["'none'"])
  expect(directives.get('frame-ancestors'), 'frame-ancestors').toEqual(["'none'"])
  const ownOrEngine = ["'self'", ...engineOrigins.map((o) => o.toLowerCase())]
  for (const source of allowedSources(policy, 'media-src'))
    expect([...ownOrEngine, 'blob:'], `media-src ${source}`).toContain(source)
  for (const source of allowedSources(policy, 'connect-src'))
    expect(ownOrEngine, `connect-src ${source}`).toContain(source)
  // Nothing anywhere opens the page to the whole web or to a whole scheme.
  for (const [name, sources] of directives)
    for (const source of sources)
      expect(['*', 'http:', 'https:', 'ws:', 'wss:'], `${name} ${source}`).not.toContain(source)
}
