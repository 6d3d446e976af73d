// The addresses a tab should dial, for /.well-known/guts.json. The first one
// uses the host name the browser used to reach us, so a tab that loaded the
// app from https://relay.example.org or http://192.168.1.5:8080 gets an
// address it can actually reach, whatever interfaces the relay listens on.
import { multiaddr } from '@multiformats/multiaddr'
import { hasProtocol } from '../src/net/multiaddr-parts.js'
import type { Libp2p } from '@libp2p/interface'

export function wellKnownAddrs (node: Libp2p, hostHeader: string | undefined, wsPort: number): string[] {
  const peerId = node.peerId.toString()
  const wsAddrs = node.getMultiaddrs().filter(ma => hasProtocol(ma, 'ws') || hasProtocol(ma, 'wss')).map(ma => ma.toString())
  const out: string[] = []
  const host = hostFromHeader(hostHeader)
  // the port we actually bound (wsPort may be 0, "any free port")
  const boundPort = node.getMultiaddrs().map(ma => ma.getComponents()).find(cs => cs.some(c => c.name === 'ws'))?.find(c => c.name === 'tcp')?.value ?? String(wsPort)
  if (host != null) {
    const proto = /^\d+\.\d+\.\d+\.\d+$/.test(host) ? 'ip4' : host.includes(':') ? 'ip6' : 'dns'
    try {
      out.push(multiaddr(`/${proto}/${host}/tcp/${boundPort}/ws/p2p/${peerId}`).toString())
    } catch {
      // a Host header that makes no multiaddr: offer the listen addresses only
    }
  }
  for (const a of wsAddrs) if (!out.includes(a)) out.push(a)
  return out
}

function hostFromHeader (header: string | undefined): string | undefined {
  if (header == null || header === '') return undefined
  const m = /^\[([0-9a-fA-F:.]+)\](?::\d+)?$/.exec(header) ?? /^([A-Za-z0-9.-]+)(?::\d+)?$/.exec(header)
  return m?.[1]
}
