// The tab's connection gater. libp2p's browser default refuses plain ws:// and
// private or loopback addresses, which would shut out a relay on 127.0.0.1 or
// on a LAN. We open that door only for relays the person configured (the relay
// that served the app, relays added in settings, relays in the peer book), and
// for circuit addresses that go through one of them. Everything else keeps the
// browser default.
import { isPrivate } from '@libp2p/utils'
import { firstPeerId, hasProtocol } from './multiaddr-parts.js'
import type { ConnectionGater } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

export function createTabGater (isTrustedRelay: (peerId: string) => boolean): ConnectionGater {
  return {
    denyDialMultiaddr: (ma: Multiaddr): boolean => {
      const via = firstPeerId(ma)
      if (via != null && isTrustedRelay(via)) return false
      if (hasProtocol(ma, 'ws') && !hasProtocol(ma, 'tls')) return true
      return isPrivate(ma)
    }
  }
}
