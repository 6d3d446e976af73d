// gossipsub settings shared by tabs and relays. Pure.
//
// gossipsub's defaults are made for blockchains, where many peers on one IP
// are likely one attacker's Sybils. In Guts they are a classroom, an office
// or a carrier NAT behind one address, all talking to the same relay — and
// every WebRTC peer a tab reaches through a relay shows that relay's address.
// The default IP-colocation penalty (-5 per peer past 10, squared) put 15
// tabs on one address at -125 and 20 at -500, past the graylist threshold,
// for an hour after they left: their valid announcements were dropped
// without a word. Identities are free in Guts anyway; what protects a peer
// is checking every message (signatures, sequence numbers, objects) and the
// offence scores of the sync service, not where a peer connects from.
import { GOSSIP_SHARDS } from '../sync/gossip/topics.js'
import type { GossipsubOpts } from '@libp2p/gossipsub'

/**
 * A Guts peer subscribes to at most one topic per shard; gossipsub charges
 * each subscription its topic's length plus 1,024 bytes of overhead against
 * a per-peer budget. Room for every shard and a few more, and no room for a
 * stranger's thousands of junk topics (the library default, 1 MiB, admits
 * ~1,000 of them per peer: a relay with 4,096 connections would hold 4
 * million entries).
 */
export const MAX_TOPIC_BYTES_PER_PEER = (GOSSIP_SHARDS + 16) * (1024 + 64)

export function gossipOptions (opts: Partial<GossipsubOpts> = {}): Partial<GossipsubOpts> {
  return {
    // announcements are useful even when no one is listening yet: relays
    // and tabs catch up by asking for refs when they connect
    allowPublishToZeroTopicPeers: true,
    maxTopicBytesPerPeer: MAX_TOPIC_BYTES_PER_PEER,
    scoreParams: {
      IPColocationFactorWeight: 0
    },
    ...opts
  }
}
