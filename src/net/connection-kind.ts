// How a connection travels, judged on its properties rather than its address:
// a direct WebRTC connection still has `p2p-circuit` in its remoteAddr (the
// signalling went through a relay), but it has no limits and its multiplexer
// is WebRTC's own. A relayed connection carries the relay's limits.
import { hasProtocol } from './multiaddr-parts.js'
import type { Multiaddr } from '@multiformats/multiaddr'

export type ConnectionKind = 'webrtc' | 'relayed' | 'websocket' | 'tcp' | 'other'

export interface ConnectionLike {
  limits?: unknown
  multiplexer?: string
  remoteAddr: Multiaddr
}

export function connectionKind (conn: ConnectionLike): ConnectionKind {
  if (conn.limits != null) return 'relayed'
  if (conn.multiplexer === '/webrtc') return 'webrtc'
  if (hasProtocol(conn.remoteAddr, 'p2p-circuit')) return 'relayed'
  if (hasProtocol(conn.remoteAddr, 'ws') || hasProtocol(conn.remoteAddr, 'wss') || hasProtocol(conn.remoteAddr, 'tls')) return 'websocket'
  if (hasProtocol(conn.remoteAddr, 'tcp')) return 'tcp'
  return 'other'
}

export const KIND_LABEL: Record<ConnectionKind, string> = {
  webrtc: 'WebRTC direct',
  relayed: 'relayed',
  websocket: 'WebSocket',
  tcp: 'TCP',
  other: 'other'
}
