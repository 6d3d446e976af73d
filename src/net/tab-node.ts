// The tab's libp2p node: WebSockets to relays, circuit relay for signalling,
// WebRTC for direct tab-to-tab connections; identify, ping, gossipsub, and
// the DHT as a client.
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { kadDHT } from '@libp2p/kad-dht'
import { noise } from '@libp2p/noise'
import { ping } from '@libp2p/ping'
import { webRTC } from '@libp2p/webrtc'
import { webSockets } from '@libp2p/websockets'
import { yamux } from '@libp2p/yamux'
import { createLibp2p } from 'libp2p'
import { DHT_PROTOCOL, TAB_PING_EVERY_MS, WEB_AGENT } from './constants.js'
import { gossipOptions } from './gossip-options.js'
import { createTabGater } from './gater.js'
import { webRTCOptions } from './webrtc-options.js'
import type { PrivateKey } from '@libp2p/interface'

export interface TabNodeInit {
  privateKey: PrivateKey
  /** relays whose (possibly private, plain ws) addresses may be dialled */
  isTrustedRelay: (peerId: string) => boolean
  /** STUN/TURN servers; empty means host candidates only (LAN, same machine) */
  iceServers?: RTCIceServer[]
}

export type TabNode = Awaited<ReturnType<typeof createTabNode>>

export async function createTabNode (init: TabNodeInit) {
  return createLibp2p({
    privateKey: init.privateKey,
    nodeInfo: { userAgent: WEB_AGENT },
    start: false,
    addresses: {
      // a reservation on a relay, and WebRTC reachable through it
      listen: ['/p2p-circuit', '/webrtc']
    },
    transports: [
      webSockets(),
      webRTC(webRTCOptions(init.iceServers ?? [])),
      circuitRelayTransport()
    ],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionGater: createTabGater(init.isTrustedRelay),
    connectionManager: {
      maxConnections: 100
    },
    // the RTT shown on the network page comes from these pings; each opens
    // a stream (over WebRTC, a data channel), and relays answer every tab's
    connectionMonitor: { pingInterval: TAB_PING_EVERY_MS },
    services: {
      identify: identify(),
      ping: ping(),
      // run the first self-query at once (it waits for a relay to join the
      // routing table): every lookup waits for it, and a tab opened on a link
      // looks up providers right away
      dht: kadDHT({ protocol: DHT_PROTOCOL, clientMode: true, peerInfoMapper: (info) => info, initialQuerySelfInterval: 0 }),
      pubsub: gossipsub(gossipOptions())
    }
  })
}
