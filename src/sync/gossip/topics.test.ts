import { describe, expect, it } from 'vitest'
import { MAX_TOPIC_BYTES_PER_PEER } from '../../net/gossip-options.js'
import { GOSSIP_SHARDS, allGossipTopics, gossipTopic, shardOf, shardTopic, topicShard } from './topics.js'

// @libp2p/gossipsub 17's per-peer subscription budget and per-topic charge
// (constants.js: GossipsubMaxTopicBytesPerPeer, GossipsubTopicEntryOverhead; not exported)
const GossipsubMaxTopicBytesPerPeer = 1024 * 1024
const GossipsubTopicEntryOverhead = 1024
const rid = (i: number): string => `bafkrei${i.toString(32).padStart(52, 'a')}`

describe('gossip shard topics', () => {
  it('are stable: a RID always maps to the same topic, on every peer', () => {
    // a test vector: changing the hash changes every topic (a new topic version)
    expect(gossipTopic('bafkreifvy2n6kkmnmjcgthmmkaournv54nwpw4prudm5c45qjxinbismei')).toBe(shardTopic(shardOf('bafkreifvy2n6kkmnmjcgthmmkaournv54nwpw4prudm5c45qjxinbismei')))
    expect(shardOf('bafkreifvy2n6kkmnmjcgthmmkaournv54nwpw4prudm5c45qjxinbismei')).toBe(shardOf('bafkreifvy2n6kkmnmjcgthmmkaournv54nwpw4prudm5c45qjxinbismei'))
    expect(topicShard(shardTopic(0x2a))).toBe(0x2a)
    expect(topicShard('/guts/repo/1.0.0/x')).toBeUndefined()
    expect(topicShard('/guts/gossip/1.0.0/zz')).toBeUndefined()
    expect(topicShard('/guts/gossip/1.0.0/100')).toBeUndefined()
  })

  it('spread 10,000 repositories over 256 topics, evenly enough', () => {
    const counts = new Array(GOSSIP_SHARDS).fill(0)
    for (let i = 0; i < 10_000; i++) counts[shardOf(rid(i))]++
    const topics = new Set(Array.from({ length: 10_000 }, (_, i) => gossipTopic(rid(i))))
    expect(topics.size).toBe(GOSSIP_SHARDS)
    for (const t of topics) expect(allGossipTopics()).toContain(t)
    // ~39 each; no shard carries three times its share
    expect(Math.max(...counts)).toBeLessThan(3 * 10_000 / GOSSIP_SHARDS)
  })

  it('fit in what a peer tracks of another: a relay seeding any number of repositories is seen on every topic', () => {
    const cost = allGossipTopics().reduce((n, t) => n + t.length + GossipsubTopicEntryOverhead, 0)
    // a tab with our settings, and any libp2p peer with gossipsub's defaults
    expect(cost).toBeLessThanOrEqual(MAX_TOPIC_BYTES_PER_PEER)
    expect(cost).toBeLessThanOrEqual(GossipsubMaxTopicBytesPerPeer)
    // and no room for a stranger's thousands of junk topics
    expect(MAX_TOPIC_BYTES_PER_PEER / (GossipsubTopicEntryOverhead + 20)).toBeLessThan(400)
  })
})
