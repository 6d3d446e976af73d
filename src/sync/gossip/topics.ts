// Which gossipsub topic carries a repository's news. Pure.
//
// Not one topic per repository: gossipsub peers track each other's
// subscriptions within a budget (~1,000 topics per peer by default), so a
// relay seeding more repositories than that would be subscribed to topics
// its tabs never see, and a relay that joined every topic a stranger named
// could be made to do so with junk. Instead every repository hashes into one
// of a fixed number of shards: a relay subscribes to all of them (a constant
// 256 topics, however many repositories it seeds, and never more because of
// what others subscribe to), a tab to the shards of the repositories it
// holds. A tab hears the news of the other repositories in its shards too
// (about 1/256 of all news each) and drops it unread: it neither checks nor
// forwards news of repositories it does not hold.

/** a power of two; changing it changes every topic, so it goes with the topic version */
export const GOSSIP_SHARDS = 256
export const GOSSIP_TOPIC_PREFIX = '/guts/gossip/1.0.0/'

/** FNV-1a (32 bit) of the RID string: stable, cheap, synchronous, well mixed. */
export function shardOf (rid: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < rid.length; i++) {
    h ^= rid.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h % GOSSIP_SHARDS
}

export function shardTopic (shard: number): string {
  return GOSSIP_TOPIC_PREFIX + shard.toString(16).padStart(2, '0')
}

/** the topic a repository's news travels on */
export function gossipTopic (rid: string): string {
  return shardTopic(shardOf(rid))
}

/** every shard's topic: what a relay subscribes to */
export function allGossipTopics (): string[] {
  return Array.from({ length: GOSSIP_SHARDS }, (_, i) => shardTopic(i))
}

/** the shard a topic names, or undefined when it is not a Guts gossip topic */
export function topicShard (topic: string): number | undefined {
  if (!topic.startsWith(GOSSIP_TOPIC_PREFIX)) return undefined
  const hex = topic.slice(GOSSIP_TOPIC_PREFIX.length)
  if (!/^[0-9a-f]{2}$/.test(hex)) return undefined
  const n = parseInt(hex, 16)
  return n < GOSSIP_SHARDS ? n : undefined
}
