// A webtorrent client that finds peers only where it is told (magnet x.pe, addPeer): no DHT, local
// discovery, trackers, port mapping, uTP or web seeds. Benchmark and test swarms stay on loopback.
import WebTorrent from 'webtorrent'

export function loopbackClient(uploadLimit, peerId) {
  const client = new WebTorrent({
    ...(peerId ? { peerId } : {}),
    dht: false,
    lsd: false,
    natUpnp: false,
    natPmp: false,
    tracker: false,
    utp: false,
    webSeeds: false,
  })
  if (uploadLimit) client.throttleUpload(uploadLimit)
  return client
}
