// What the sync service is told when it is made (SyncInit), what a clone
// or fetch takes (CloneOptions), and its anti-entropy counters: its
// contract, apart from the adapter that carries out the machine's decisions
// (service.ts).
import type { AnnounceAnswer } from './announce/index.js'
import type { CheckedNews } from './gossip/index.js'
import type { PeerInfo } from './machine/events.js'
import type { PackBuilder } from './pack/index.js'
import type { SyncProgress } from './types.js'
import type { Repos } from '../repo/repos.js'
import type { PackSinkFactory } from '../repo/pack/pack-sink.js'
import type { GossipSub } from '@libp2p/gossipsub'
import type { Connection, Libp2p, PeerId } from '@libp2p/interface'

export interface SyncInit {
  node: Libp2p<{ pubsub: GossipSub }>
  repos: Repos
  /** opens an unlimited connection to `peer` (WebRTC in the tab); default: node.dial */
  connect?: (peer: PeerId, signal: AbortSignal) => Promise<Connection>
  /** @default 256 MiB */
  maxPackBytes?: number
  /** where a received pack is indexed as it arrives; default: in this thread (the tab passes a worker) */
  packSink?: PackSinkFactory
  /** called after a repository changed because of the network: fetched anew, or updated */
  onChange?: (rid: string, outcome: 'cloned' | 'updated') => void
  /** repositories to replicate when they are announced, besides those held (relays: the seed policy) */
  wants?: (rid: string) => boolean
  /** providers found on the DHT, before they are dialled (the tab decides whom it may dial) */
  onProviders?: (providers: Array<{ id: PeerId, multiaddrs: Array<{ toString: () => string }> }>) => void
  /**
   * which peers to compare refs with when they connect, and from time to
   * time; default: everyone. Relays compare with relays only: tabs tell them
   * of their repositories themselves (announceToRelays), and a relay asking
   * every arriving tab about every repository would not scale
   */
  catchUpWith?: (info: PeerInfo) => boolean
  /**
   * tell relays directly (/guts/announce) of every held repository when they
   * connect, and of each change, so they can seed them (tabs)
   */
  announceToRelays?: boolean
  /**
   * a relay: subscribes to every gossip shard and forwards news it checked
   * in full, answers /guts/announce, and fetches the repositories `wants`
   * covers as soon as it hears of them
   */
  hub?: boolean
  /** builds packs to serve some better way than isomorphic-git (a relay: git pack-objects); see serve-pack.ts */
  buildPack?: PackBuilder
  /** a repository this peer wants but does not hold was announced, with a valid genesis and refs (before it is fetched) */
  onWanted?: (news: CheckedNews, from?: string) => void
  /** a relay answered a direct announcement (seeded, failed, …): for its log; `had`: it held the repository before */
  onAnnounced?: (rid: string, peer: string, answer: AnnounceAnswer, had: boolean) => void
  /** how often held repositories are compared with a neighbour; default 5 min */
  catchUpEvery?: number
  /** how often held repositories are reconciled with each connected relay (anti-entropy, /guts/inventory); default 40 s ± 20% */
  reconcileEvery?: number
  /** a fault for tests: lose every gossip message, in and out (gossip/gossip.ts) */
  loseGossip?: boolean
  /**
   * `info`: what an operator needs (a fetch failed and why, a peer cut off
   * and why); everything else is `debug`
   */
  log?: (msg: string, fields?: Record<string, unknown>, level?: 'debug' | 'info') => void
}

/** anti-entropy rounds this peer ran as the requester, and their cost */
export interface ReconcileStats { rounds: number, equal: number, failed: number, sent: number, received: number }

export interface CloneOptions {
  signal?: AbortSignal
  onProgress?: (p: SyncProgress) => void
  /** keep looking, and wait for a holder to come online, until cancelled (a person is waiting) */
  patient?: boolean
}
