// The one owner of Guts' gossip: which shard topics this peer subscribes to,
// the validators that decide what is accepted and forwarded, publishing, and
// handing accepted news to the sync service. Tabs subscribe to the shards of
// the repositories they hold; a hub (a relay) to every shard, so that news
// reaches tabs that are connected to it alone, and it forwards only what it
// could check in full (see announcements.ts).
import { TopicValidatorResult } from '@libp2p/gossipsub'
import { decodeSignedRefs, encodeSignedRefs } from '../../core/signed-refs.js'
import { checkGossip } from './check.js'
import { decodeGossipMessage } from './codec.js'
import { allGossipTopics, gossipTopic, topicShard } from './topics.js'
import { GossipMessage } from './pb/gossip.js'
import { namespaceOf } from '../../repo/repo-index.js'
import type { Offence } from '../budget.js'
import type { SignedRefs } from '../../core/signed-refs.js'
import type { RepoRecord } from '../../repo/repo-index.js'
import type { Repos } from '../../repo/repos.js'
import type { GossipSub } from '@libp2p/gossipsub'
import type { PeerId } from '@libp2p/interface'

export interface News {
  rid: string
  genesis: Uint8Array
  signedRefs: SignedRefs
  /** who signed the gossip message: its author */
  from?: PeerId
  /** who passed it to us */
  via: PeerId
}

export interface GossipInit {
  pubsub: GossipSub
  repos: Repos
  /** subscribe to every shard and forward checked news of any repository */
  hub: boolean
  onNews: (news: News) => void
  offend: (peer: PeerId, offence: Offence) => void
  log: (msg: string, fields?: Record<string, unknown>) => void
  /**
   * A fault for tests: this peer loses every gossip message, in (ignored,
   * so not forwarded either) and out (not published), as a lossy network
   * would; what gossip would have carried must come some other way.
   */
  lose?: boolean
}

/** The gossip envelope of a repository's signed refs. */
export function encodeNews (rid: string, genesis: Uint8Array, signedRefs: SignedRefs): Uint8Array {
  return GossipMessage.encode({
    kind: GossipMessage.Kind.REFS,
    rid,
    genesis: genesis as Uint8Array<ArrayBuffer>,
    signedRefs: encodeSignedRefs(signedRefs) as Uint8Array<ArrayBuffer>
  })
}

export class Gossip {
  private readonly pubsub: GossipSub
  private readonly onMessage: (evt: CustomEvent<{ propagationSource: PeerId, msg: { topic: string, data: Uint8Array, from?: PeerId } }>) => void

  constructor (private readonly init: GossipInit) {
    this.pubsub = init.pubsub
    this.onMessage = (evt) => {
      const { msg, propagationSource } = evt.detail
      if (topicShard(msg.topic) == null) return
      try {
        // accepted, so it decodes (the validator did the same)
        const m = decodeGossipMessage(msg.data)
        this.init.onNews({ rid: m.rid, genesis: m.genesis, signedRefs: decodeSignedRefs(m.signedRefs), from: msg.from, via: propagationSource })
      } catch {}
    }
  }

  start (): void {
    this.pubsub.addEventListener('gossipsub:message', this.onMessage as any)
    if (this.init.hub) for (const topic of allGossipTopics()) this.join(topic)
  }

  stop (): void {
    this.pubsub.removeEventListener('gossipsub:message', this.onMessage as any)
  }

  /** Subscribes to the shard that carries a repository's news. */
  watch (rid: string): void {
    this.join(gossipTopic(rid))
  }

  /** The topics this peer is subscribed to (a hub: every shard; a tab: its repositories' shards). */
  topics (): string[] {
    return this.pubsub.getTopics().filter(t => topicShard(t) != null)
  }

  async publish (record: RepoRecord): Promise<void> {
    this.watch(record.rid)
    if (this.init.lose === true) return
    // this peer's own document when it writes (a fork's too), else the delegate document held
    const doc = namespaceOf(record, this.init.repos.peerId) ?? record.signedRefs
    await this.pubsub.publish(gossipTopic(record.rid), encodeNews(record.rid, record.genesis, doc))
  }

  private join (topic: string): void {
    const shard = topicShard(topic)
    if (shard == null || this.pubsub.topicValidators.has(topic)) return
    this.pubsub.topicValidators.set(topic, async (peer, msg) => {
      // blame the message's signer, not the peer that forwarded it
      if (this.init.lose === true) return TopicValidatorResult.Ignore
      const blame = msg.type === 'signed' ? msg.from : peer
      const verdict = await checkGossip(this.init.repos, shard, msg.data, { hub: this.init.hub })
      if (verdict == null) return TopicValidatorResult.Accept
      if (verdict === 'ignore') return TopicValidatorResult.Ignore
      this.init.offend(blame, verdict)
      return TopicValidatorResult.Reject
    })
    this.pubsub.subscribe(topic)
  }
}
