// Which peers are relays. A peer is a relay by what it is, never by an
// address it was found at: another tab's address runs through a relay
// (`/ws/p2p/<relay>/p2p-circuit/webrtc/p2p/<tab>`) and so holds `/ws` too,
// which once made tabs count as relays. Pure: addresses as strings or
// multiaddrs, parsed by component.
import { multiaddr } from '@multiformats/multiaddr'
import { RELAY_HOP_PROTOCOL } from './constants.js'
import { hasProtocol } from './multiaddr-parts.js'
import type { Multiaddr } from '@multiformats/multiaddr'

export interface RelayEvidence {
  /** the relay that served the page (guts.json) or one from settings */
  configured?: boolean
  /** the protocols it listed in identify (undefined: not identified yet) */
  protocols?: string[]
  /** the addresses it listens on (identify) or was found at (the DHT) */
  addrs: Array<string | Multiaddr>
}

/** The addresses that reach a peer itself over WebSockets, not through someone else's circuit. */
export function directWebSocketAddrs (addrs: Array<string | Multiaddr>): Multiaddr[] {
  const out: Multiaddr[] = []
  for (const a of addrs) {
    let ma: Multiaddr
    try { ma = typeof a === 'string' ? multiaddr(a) : a } catch { continue }
    if (hasProtocol(ma, 'p2p-circuit')) continue
    if (hasProtocol(ma, 'ws') || hasProtocol(ma, 'wss')) out.push(ma)
  }
  return out
}

/**
 * A relay: one we were told of (guts.json, settings), or one that runs the
 * relay server (it lists the hop protocol in identify) and can be reached
 * directly over WebSockets. A tab never runs the hop protocol and has only
 * circuit addresses.
 */
export function isRelay (e: RelayEvidence): boolean {
  if (e.configured === true) return true
  return (e.protocols ?? []).includes(RELAY_HOP_PROTOCOL) && directWebSocketAddrs(e.addrs).length > 0
}

/**
 * A DHT provider the tab may dial as it dials relays (plain ws, private
 * addresses), before identify says what it is: it must offer a direct
 * WebSocket address. Being dialable is not being a relay: isRelay decides
 * that once it has identified.
 */
export function mayDialAsRelay (addrs: Array<string | Multiaddr>): boolean {
  return directWebSocketAddrs(addrs).length > 0
}
