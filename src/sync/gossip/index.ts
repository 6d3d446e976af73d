// Guts' gossip: 256 shard topics (topics.ts), one versioned envelope
// (pb/gossip.proto), the checks that decide what is accepted and forwarded
// (check.ts), and the one owner of subscriptions and validators (gossip.ts).
export { MAX_GOSSIP_MESSAGE } from './constants.js'
export { GOSSIP_SHARDS, GOSSIP_TOPIC_PREFIX, allGossipTopics, gossipTopic, shardOf, shardTopic, topicShard } from './topics.js'
export { Gossip, encodeNews } from './gossip.js'
export type { GossipInit, News } from './gossip.js'
export { checkGossip, checkNew } from './check.js'
export type { CheckedNews, Verdict } from './check.js'
export { decodeGossipMessage } from './codec.js'
export { GossipMessage } from './pb/gossip.js'
