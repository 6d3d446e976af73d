// Keeps connections to a changing set of peers (the relays) open: redials a
// lost one every `interval` ms until it is back, with no retry limit, and
// right after a disconnect. Used by the tab and by relays joining relays.
import { multiaddr } from '@multiformats/multiaddr'
import { targetPeerId } from './multiaddr-parts.js'
import type { Libp2p, PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

export interface KeepConnectedInit {
  /** ms between checks. @default 2000 */
  interval?: number
  /** ms allowed for one dial. @default 8000 */
  dialTimeout?: number
  onError?: (addr: Multiaddr, err: Error) => void
}

export interface KeepConnected {
  /** check now instead of waiting for the next tick */
  kick: () => void
  stop: () => void
}

export function keepConnected (node: Libp2p, targets: () => string[], init: KeepConnectedInit = {}): KeepConnected {
  const interval = init.interval ?? 2000
  const dialTimeout = init.dialTimeout ?? 8000
  const inFlight = new Set<string>()
  let stopped = false

  const connected = (peer: string): boolean =>
    node.getConnections().some(c => c.remotePeer.toString() === peer && c.status === 'open')

  const check = (): void => {
    if (stopped || node.status !== 'started') return
    // group addresses by peer so one peer is dialled once, with all its addresses tried in turn
    const byPeer = new Map<string, Multiaddr[]>()
    for (const s of targets()) {
      let ma: Multiaddr
      try { ma = multiaddr(s) } catch { continue }
      const peer = targetPeerId(ma)
      if (peer == null) continue
      byPeer.set(peer, [...(byPeer.get(peer) ?? []), ma])
    }
    for (const [peer, addrs] of byPeer) {
      if (inFlight.has(peer) || connected(peer)) continue
      inFlight.add(peer)
      void dialAny(addrs).finally(() => inFlight.delete(peer))
    }
  }

  const dialAny = async (addrs: Multiaddr[]): Promise<void> => {
    for (const ma of addrs) {
      if (stopped) return
      try {
        await node.dial(ma, { signal: AbortSignal.timeout(dialTimeout) })
        return
      } catch (err: any) {
        init.onError?.(ma, err)
      }
    }
  }

  const onDisconnect = (evt: CustomEvent<PeerId>): void => {
    // the peer may be restarting: give it a moment, then try
    const peer = evt.detail.toString()
    if (targets().some(t => t.includes(peer))) setTimeout(check, 500)
  }

  node.addEventListener('peer:disconnect', onDisconnect)
  const timer = setInterval(check, interval)
  check()

  return {
    kick: check,
    stop: () => {
      stopped = true
      clearInterval(timer)
      node.removeEventListener('peer:disconnect', onDisconnect)
    }
  }
}
