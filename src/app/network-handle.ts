// The network as the UI sees it: a snapshot to read and commands to give,
// plain data only (no libp2p objects). network.ts makes it (networkHandle).
import type { ConnectionKind } from '../net/connection-kind.js'
import type { RelayFailure } from '../net/relay-reach.js'

export interface ConnectionInfo {
  id: string
  peerId: string
  kind: ConnectionKind
  /** true when the relay's limits apply (data caps, time caps) */
  limited: boolean
  multiplexer?: string
  direction: 'inbound' | 'outbound'
  remoteAddr: string
  rtt?: number
  relay: boolean
  openedAt: number
}

export interface NetworkSnapshot {
  peerId: string
  /** addresses others can paste to reach this tab (WebRTC through a relay) */
  shareAddrs: string[]
  state: 'starting' | 'connecting' | 'connected' | 'offline'
  relays: Array<{ peerId: string, addrs: string[], connected: boolean, source: 'served' | 'settings' | 'peer book' }>
  connections: ConnectionInfo[]
  relayCount: number
  peerCount: number
  online: boolean
  error?: string
  /** while offline: why, the relays tried (each with its last error), and when the next try is (ms since the epoch) */
  offline?: { reason: string, tried: RelayFailure[], nextTry?: number }
}

/** A connection the person asked for (Connect to a peer), as plain data. */
export interface ConnectResult {
  peerId: string
  ms: number
  attempts: number
  kind: ConnectionKind
  limited: boolean
  multiplexer?: string
}

/** What the UI may do with the network: read snapshots and give commands. */
export interface NetworkHandle {
  snapshot: () => NetworkSnapshot
  subscribe: (fn: () => void) => () => void
  /** dials a peer by PeerId or address, ending on a direct WebRTC connection */
  connect: (target: string, opts?: { signal?: AbortSignal }) => Promise<ConnectResult>
  hangUp: (peerId: string) => Promise<void>
  addRelay: (addr: string) => Promise<void>
  removeRelay: (addr: string) => Promise<void>
}
