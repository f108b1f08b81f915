/**
 * The moment (seconds from now) at which peers, each starting at its `eta` and sending at its
 * `rate`, have together sent `bytes`: the level that water poured over their start times reaches.
 * `peers` must be sorted by `eta`.
 */
export function waterLevel(peers: ReadonlyArray<{ eta: number; rate: number }>, bytes: number): number {
  let rates = 0
  let weighted = 0
  let level = Number.POSITIVE_INFINITY
  for (const [i, peer] of peers.entries()) {
    rates += peer.rate
    weighted += peer.rate * peer.eta
    level = (bytes + weighted) / rates
    const next = peers[i + 1]
    if (!next || level <= next.eta) return level
  }
  return level
}
