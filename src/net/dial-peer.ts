// Dialling another tab. A person pastes a PeerId or a full address; either
// way we dial a /webrtc address through a relay, so the connection ends
// direct (WebRTC), with the relay only carrying the signalling.
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { hasProtocol, targetPeerId } from './multiaddr-parts.js'
import type { Connection, Libp2p } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

export class BadDialTargetError extends Error {
  static name = 'BadDialTargetError'
  name = 'BadDialTargetError'
}

/**
 * The addresses to try for `target`: a multiaddr as given (turned into a
 * WebRTC one if it is a bare circuit address), or for a PeerId, a WebRTC
 * address through each relay we hold a connection to.
 */
export function dialAddresses (target: string, relayAddrs: string[]): Multiaddr[] {
  const t = target.trim()
  if (t.startsWith('/')) {
    let ma: Multiaddr
    try { ma = multiaddr(t) } catch (err: any) { throw new BadDialTargetError(`not a valid address: ${err.message}`) }
    const peer = targetPeerId(ma)
    if (peer == null) throw new BadDialTargetError('the address must end with /p2p/<PeerId>')
    if (hasProtocol(ma, 'p2p-circuit') && !hasProtocol(ma, 'webrtc')) {
      const relayPart = ma.toString().split('/p2p-circuit')[0]
      return [multiaddr(`${relayPart}/p2p-circuit/webrtc/p2p/${peer}`)]
    }
    return [ma]
  }
  try { peerIdFromString(t) } catch { throw new BadDialTargetError('paste a PeerId (12D3Koo…) or an address (/ip4/…/p2p/…)') }
  if (relayAddrs.length === 0) throw new BadDialTargetError('not connected to any relay yet: cannot reach a peer by PeerId alone')
  return relayAddrs.map(r => multiaddr(`${r}/p2p-circuit/webrtc/p2p/${t}`))
}

export interface DialResult {
  connection: Connection
  ms: number
  attempts: number
}

export interface DialPeerOptions {
  /** attempts per address. @default 3 */
  attempts?: number
  /** ms per attempt. @default 10000 */
  timeout?: number
  signal?: AbortSignal
}

/**
 * Dials with retries. We patch @libp2p/webrtc's dial race (see patches/), but
 * a WebRTC dial can still lose a race with ICE or a closing relay stream; a
 * fresh attempt succeeds, so one failure is never the end.
 */
export async function dialPeer (node: Libp2p, addrs: Multiaddr[], opts: DialPeerOptions = {}): Promise<DialResult> {
  const attempts = opts.attempts ?? 3
  const start = performance.now()
  let last: Error | undefined
  let n = 0
  for (let i = 0; i < attempts; i++) {
    for (const ma of addrs) {
      n++
      opts.signal?.throwIfAborted()
      const signal = opts.signal != null
        ? AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeout ?? 10_000)])
        : AbortSignal.timeout(opts.timeout ?? 10_000)
      try {
        const connection = await node.dial(ma, { signal, force: true })
        return { connection, ms: performance.now() - start, attempts: n }
      } catch (err: any) {
        last = err
      }
    }
  }
  throw last ?? new Error('dial failed')
}
