// Relays are hubs of the gossip mesh: a relay joins every Guts topic its
// peers join, so an announcement reaches tabs that are only connected to a
// relay. It forwards only what it can check: new-repository messages are
// verified in full; refs updates have their signature checked against their
// signer (and against the delegates once the relay has seen the genesis).
import { TopicValidatorResult } from '@libp2p/gossipsub'
import { verifyGenesis } from '../src/core/genesis.js'
import { decodeSignedRefs, verifySignedRefs } from '../src/core/signed-refs.js'
import { MAX_GOSSIP_MESSAGE, NEW_REPOS_TOPIC } from '../src/sync/constants.js'
import { decodeRefsResponse } from '../src/sync/codec.js'
import type { Genesis } from '../src/core/genesis.js'
import type { GossipSub } from '@libp2p/gossipsub'

const MAX_TOPICS = 10_000
const REPO_TOPIC_PREFIX = '/guts/repo/1.0.0/'

export function startGossipHub (pubsub: GossipSub, known: (rid: string) => Promise<Genesis | undefined> = async () => undefined): () => void {
  const genesisCache = new Map<string, Genesis>()
  const genesisOf = async (rid: string): Promise<Genesis | undefined> => genesisCache.get(rid) ?? known(rid)

  pubsub.topicValidators.set(NEW_REPOS_TOPIC, async (_peer, msg) => {
    try {
      if (msg.data.length > MAX_GOSSIP_MESSAGE) return TopicValidatorResult.Reject
      const res = decodeRefsResponse(msg.data)
      const sr = decodeSignedRefs(res.signedRefs)
      const genesis = await verifyGenesis(sr.rid, res.genesis)
      await verifySignedRefs(sr, genesis, { rid: sr.rid })
      if (genesisCache.size < MAX_TOPICS) genesisCache.set(sr.rid, genesis)
      return TopicValidatorResult.Accept
    } catch {
      return TopicValidatorResult.Reject
    }
  })
  pubsub.subscribe(NEW_REPOS_TOPIC)

  const join = (topic: string): void => {
    if (!topic.startsWith(REPO_TOPIC_PREFIX) || pubsub.getTopics().includes(topic) || pubsub.getTopics().length >= MAX_TOPICS) return
    const rid = topic.slice(REPO_TOPIC_PREFIX.length)
    pubsub.topicValidators.set(topic, async (_peer, msg) => {
      try {
        if (msg.data.length > MAX_GOSSIP_MESSAGE) return TopicValidatorResult.Reject
        const sr = decodeSignedRefs(msg.data)
        // without the genesis, the signer stands in as the only delegate: the
        // signature is still checked, only delegate membership waits for the genesis
        const genesis = await genesisOf(rid) ?? { version: 1, name: 'unknown', description: '', defaultBranch: 'main', delegates: [sr.signer], created: 0, nonce: '0'.repeat(32) }
        await verifySignedRefs(sr, genesis, { rid })
        return TopicValidatorResult.Accept
      } catch {
        return TopicValidatorResult.Reject
      }
    })
    pubsub.subscribe(topic)
  }
  const onSubscription = (evt: CustomEvent<{ subscriptions: Array<{ topic: string, subscribe: boolean }> }>): void => {
    for (const s of evt.detail.subscriptions) if (s.subscribe) join(s.topic)
  }
  pubsub.addEventListener('subscription-change', onSubscription as any)
  return () => pubsub.removeEventListener('subscription-change', onSubscription as any)
}
