// Tabs found through the DHT have circuit addresses through a relay, which
// hold '/ws'. They once counted as relays ("Connected to 2 relays, 0
// peers" after fetching from one tab).
import { multiaddr } from '@multiformats/multiaddr'
import { describe, expect, it } from 'vitest'
import { RELAY_HOP_PROTOCOL } from './constants.js'
import { directWebSocketAddrs, isRelay, mayDialAsRelay } from './relay-kind.js'

const RELAY = '12D3KooWEp8C9FPbSR3Uy2yyUQPNBd9oDRqbaaV4xrb2yF7ivRY5'
const TAB = '12D3KooWJFH2kDipsJEkfdMZyP1tHAkpYAWL971UfzQuagGdVxT9'
const tabAddrs = [
  `/ip4/127.0.0.1/tcp/8081/ws/p2p/${RELAY}/p2p-circuit/webrtc/p2p/${TAB}`,
  `/ip4/127.0.0.1/tcp/8081/ws/p2p/${RELAY}/p2p-circuit/p2p/${TAB}`,
  `/dns4/relay.example.org/tcp/443/tls/ws/p2p/${RELAY}/p2p-circuit/webrtc/p2p/${TAB}`
]
const relayAddrs = [`/ip4/127.0.0.1/tcp/8081/ws/p2p/${RELAY}`, '/ip4/127.0.0.1/tcp/8082']
const relayProtocols = ['/ipfs/id/1.0.0', RELAY_HOP_PROTOCOL, '/guts/refs/1.0.0']
const tabProtocols = ['/ipfs/id/1.0.0', '/libp2p/circuit/relay/0.2.0/stop', '/webrtc-signaling/0.0.1', '/guts/refs/1.0.0']

describe('relay classification', () => {
  it('never calls a tab a relay for its circuit addresses, found on the DHT or identified', () => {
    expect(mayDialAsRelay(tabAddrs)).toBe(false)
    expect(isRelay({ addrs: tabAddrs })).toBe(false)
    expect(isRelay({ addrs: tabAddrs, protocols: tabProtocols })).toBe(false)
    // even a tab that claimed the hop protocol is no relay without a direct address
    expect(isRelay({ addrs: tabAddrs, protocols: [...tabProtocols, RELAY_HOP_PROTOCOL] })).toBe(false)
  })

  it('calls a relay one that lists the hop protocol and listens on WebSockets directly', () => {
    expect(isRelay({ addrs: relayAddrs, protocols: relayProtocols })).toBe(true)
    expect(isRelay({ addrs: [multiaddr('/dns4/relay.example.org/tcp/443/tls/ws')], protocols: relayProtocols })).toBe(true)
    expect(isRelay({ addrs: ['/ip4/10.0.0.1/tcp/443/wss'], protocols: relayProtocols })).toBe(true)
  })

  it('does not call a relay a peer that only supports protocols, or only listens on TCP', () => {
    expect(isRelay({ addrs: relayAddrs })).toBe(false)
    expect(isRelay({ addrs: relayAddrs, protocols: tabProtocols })).toBe(false)
    expect(isRelay({ addrs: ['/ip4/127.0.0.1/tcp/8082'], protocols: relayProtocols })).toBe(false)
  })

  it('takes a configured relay (guts.json, settings) at its word', () => {
    expect(isRelay({ addrs: [], configured: true })).toBe(true)
  })

  it('lets the tab dial a DHT provider as a relay only at a direct WebSocket address', () => {
    expect(mayDialAsRelay(relayAddrs)).toBe(true)
    expect(mayDialAsRelay([...tabAddrs, '/ip4/127.0.0.1/tcp/8082'])).toBe(false)
    expect(directWebSocketAddrs([...tabAddrs, ...relayAddrs, 'not an address']).map(String)).toEqual([relayAddrs[0]])
  })
})
