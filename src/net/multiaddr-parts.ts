// Pure helpers that read multiaddrs by component, never by string matching.
import type { Multiaddr } from '@multiformats/multiaddr'

/** The first /p2p/ component: for a circuit address, the relay. */
export function firstPeerId (ma: Multiaddr): string | undefined {
  return ma.getComponents().find(c => c.name === 'p2p')?.value
}

/** The last /p2p/ component: the peer the address finally reaches. */
export function targetPeerId (ma: Multiaddr): string | undefined {
  return ma.getComponents().findLast(c => c.name === 'p2p')?.value
}

export function hasProtocol (ma: Multiaddr, name: string): boolean {
  return ma.getComponents().some(c => c.name === name)
}
