// The relay's libp2p node: WebSockets for tabs, TCP for other relays, a
// circuit-relay-v2 server sized for real use, a DHT server and a gossip hub.
import { bootstrap } from '@libp2p/bootstrap'
import { circuitRelayServer } from '@libp2p/circuit-relay-v2'
import { gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { kadDHT } from '@libp2p/kad-dht'
import { mdns } from '@libp2p/mdns'
import { noise } from '@libp2p/noise'
import { ping } from '@libp2p/ping'
import { prometheusMetrics } from '@libp2p/prometheus-metrics'
import { tcp } from '@libp2p/tcp'
import { webSockets } from '@libp2p/websockets'
import { yamux } from '@libp2p/yamux'
import { createLibp2p } from 'libp2p'
import { DHT_PROTOCOL, RELAY_AGENT } from '../src/net/constants.js'
import { gossipOptions } from '../src/net/gossip-options.js'
import { INBOUND_CONNECTIONS_PER_IP_PER_SECOND, MAX_PENDING_INBOUND_CONNECTIONS, MAX_WS_MESSAGE, PING_EVERY_MS } from './limits.js'
import type { RelayOptions } from './cli.js'
import type { PrivateKey } from '@libp2p/interface'
import type { Registry } from 'prom-client'

export type RelayNode = Awaited<ReturnType<typeof createRelayNode>>

export async function createRelayNode (opts: RelayOptions, privateKey: PrivateKey, registry: Registry) {
  const ip = opts.host.includes(':') ? 'ip6' : 'ip4'
  return createLibp2p({
    privateKey,
    // started by relay.ts, where a failure becomes a one-line message
    start: false,
    nodeInfo: { userAgent: RELAY_AGENT },
    addresses: {
      listen: [
        `/${ip}/${opts.host}/tcp/${opts.wsPort}/ws`,
        `/${ip}/${opts.host}/tcp/${opts.tcpPort}`
      ],
      announce: opts.announce
    },
    transports: [webSockets({ maxPayload: MAX_WS_MESSAGE }), tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionManager: {
      maxConnections: opts.maxConnections,
      // every tab behind one NAT (or every test tab on 127.0.0.1) shares an
      // IP; the default of 5 per second refuses the sixth with a confusing
      // "Unexpected EOF" in the browser
      inboundConnectionThreshold: INBOUND_CONNECTIONS_PER_IP_PER_SECOND,
      maxIncomingPendingConnections: MAX_PENDING_INBOUND_CONNECTIONS
    },
    connectionMonitor: { pingInterval: PING_EVERY_MS },
    peerDiscovery: [
      ...(opts.bootstrap.length > 0 ? [bootstrap({ list: opts.bootstrap })] : []),
      ...(opts.mdns ? [mdns({ serviceTag: 'guts-relay.local' })] : [])
    ],
    // one registry per relay, so several relays in one process (tests) keep apart
    metrics: prometheusMetrics({ registry }),
    services: {
      identify: identify(),
      ping: ping(),
      relay: circuitRelayServer({
        // the library default of 15 reservations fills up with one classroom
        reservations: {
          maxReservations: opts.maxReservations,
          // relayed connections only carry WebRTC signalling: keep the
          // library's small data and time limits so repository data never
          // rides a relay
          applyDefaultLimit: true
        },
        maxInboundHopStreams: 1024,
        maxOutboundStopStreams: 1024
      }),
      dht: kadDHT({
        protocol: DHT_PROTOCOL,
        clientMode: false,
        // tests and LAN setups run on private addresses
        peerInfoMapper: (info) => info
      }),
      // relays are hubs: every shard topic, many tabs on one address (see gossip-options.ts)
      pubsub: gossipsub(gossipOptions())
    }
  })
}
