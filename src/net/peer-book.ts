// The peer book: relays and peers this tab has seen, kept between starts so
// it can reach the network when its first relay is down. Pure logic.

export const PEER_BOOK_LIMIT = 200
const MAX_ADDRS = 8
const MAX_ADDR_LENGTH = 512

export interface PeerSighting {
  id: string
  multiaddrs: string[]
  relay: boolean
  agent?: string
  seen: number
}

export interface PeerBookEntry extends PeerSighting {
  firstSeen: number
}

export function mergeEntry (prev: PeerBookEntry | undefined, s: PeerSighting): PeerBookEntry {
  const addrs = s.multiaddrs.filter(a => a.length <= MAX_ADDR_LENGTH)
  return {
    id: s.id,
    // newest addresses first: they are the likeliest to work
    multiaddrs: [...new Set([...addrs, ...(prev?.multiaddrs ?? [])])].slice(0, MAX_ADDRS),
    relay: s.relay || (prev?.relay ?? false),
    agent: s.agent ?? prev?.agent,
    seen: Math.max(s.seen, prev?.seen ?? 0),
    firstSeen: prev?.firstSeen ?? s.seen
  }
}

/** Keeps relays before other peers, then the most recently seen. */
export function pruneBook (entries: PeerBookEntry[], limit = PEER_BOOK_LIMIT): PeerBookEntry[] {
  return [...entries].sort((a, b) => Number(b.relay) - Number(a.relay) || b.seen - a.seen).slice(0, limit)
}

/** Relays to fall back on, most recently seen first. */
export function fallbackRelays (entries: PeerBookEntry[], exclude: Set<string>, count = 3): PeerBookEntry[] {
  return entries.filter(e => e.relay && !exclude.has(e.id) && e.multiaddrs.length > 0)
    .sort((a, b) => b.seen - a.seen)
    .slice(0, count)
}
