// The sync service: binds the Guts protocols to a libp2p node and a
// repository store. The same code runs in the tab and on Node.
//  - serves /guts/refs and /guts/pack (serve-pack.ts), within per-peer budgets;
//  - fetches: signed refs first (verified), then only the missing objects
//    as one pack over an unlimited (never relayed) connection;
//  - clones from whoever has a repository: connected peers, then DHT
//    providers, moving on to the next when one fails or disconnects;
//  - announces new refs on the repository's gossip shard (gossip.ts),
//    validates what others announce (rejecting forgeries), and fetches what
//    is new; tells relays directly too, and hears whether they seed it
//    (announce-protocol.ts), since gossip can drop a message;
//  - catches up with every peer that connects, since gossip can lose messages;
//  - scores bad input and disconnects repeat offenders.
import { peerIdFromString } from '@libp2p/peer-id'
import { decodeGenesis } from '../core/genesis.js'
import { acceptReceived, verifyReceivedRefs } from '../repo/remote.js'
import { RELAY_HOP_PROTOCOL } from '../net/constants.js'
import { inProcessPackSink } from '../repo/pack/pack-sink.js'
import { handleAnnounce, requestAnnounce } from './announce-protocol.js'
import { findProviders, provide, streamProviders } from './dht.js'
import { Gossip } from './gossip.js'
import { readAhead } from './read-ahead.js'
import { RequestBudget } from './budget.js'
import { Offenders } from './offenders.js'
import { isBadPack, offenceFor } from './classify.js'
import { ANNOUNCE_PROTOCOL, DEFAULT_MAX_PACK_BYTES, PACK_PROTOCOL, REFS_PROTOCOL } from './constants.js'
import { NoProvidersError, NotFoundRemotelyError } from './errors.js'
import { receivePack } from './receive-pack.js'
import { AnnounceServer } from './serve-announce.js'
import { PackServer } from './serve-pack.js'
import type { PackBuilder } from './serve-pack.js'
import { planFetch } from './plan.js'
import { handleRefs, requestRefs } from './refs-protocol.js'
import { seedStatus } from './seed-status.js'
import type { AnnounceAnswer } from './announce-protocol.js'
import type { CheckedNews } from './announcements.js'
import type { News } from './gossip.js'
import type { Offence, OffenceLedger } from './budget.js'
import type { SeedStatus } from './seed-status.js'
import type { FetchOutcome, SyncProgress, Transfer } from './types.js'
import type { Repos } from '../repo/repos.js'
import type { PackSinkFactory, ReceivedPack } from '../repo/pack/pack-sink.js'
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
  /** called after a repository changed because of the network */
  onChange?: (rid: string) => void
  /** repositories to replicate when they are announced, besides those held (relays: the seed policy) */
  wants?: (rid: string) => boolean
  /** providers found on the DHT, before they are dialled (the tab decides whom it may dial) */
  onProviders?: (providers: Array<{ id: PeerId, multiaddrs: Array<{ toString: () => string }> }>) => void
  /**
   * which peers to compare refs with when they connect (by their protocols);
   * default: everyone. Relays compare with relays only: tabs tell them of
   * their repositories themselves (announceToRelays), and a relay asking
   * every arriving tab about every repository would not scale
   */
  catchUpWith?: (protocols: string[]) => boolean
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
  onWanted?: (news: CheckedNews) => void
  log?: (msg: string, fields?: Record<string, unknown>) => void
}

export class Sync {
  private readonly node: SyncInit['node']
  private readonly repos: Repos
  private readonly connect: NonNullable<SyncInit['connect']>
  private readonly maxPackBytes: number
  private readonly packSink: PackSinkFactory
  // generous enough for a peer catching up on many repositories at once
  private readonly budget = new RequestBudget({ burst: 100, perSecond: 5 })
  private readonly packServer: PackServer
  private readonly announceServer: AnnounceServer
  private readonly gossip: Gossip
  private readonly offenders: Offenders
  private readonly inFlight = new Map<string, Promise<FetchOutcome>>()
  private readonly cleanup: Array<() => void> = []
  private readonly log: NonNullable<SyncInit['log']>
  /** the last packs received, newest last (for the UI and tests) */
  readonly transfers: Transfer[] = []
  /** what each relay answered when told of a repository: rid → relay → answer */
  readonly relayAnswers = new Map<string, Map<string, AnnounceAnswer & { at: number }>>()

  constructor (private readonly init: SyncInit) {
    this.node = init.node
    this.repos = init.repos
    this.connect = init.connect ?? (async (peer, signal) => this.node.dial(peer, { signal }))
    this.maxPackBytes = init.maxPackBytes ?? DEFAULT_MAX_PACK_BYTES
    this.packSink = init.packSink ?? inProcessPackSink
    this.log = init.log ?? (() => {})
    this.offenders = new Offenders(async (peer) => { await this.node.hangUp(peer) }, this.log)
    this.packServer = new PackServer({ repos: this.repos, isBanned: (p) => this.isBanned(p), offend: (p, o) => this.offend(p, o), build: init.buildPack })
    this.gossip = new Gossip({
      pubsub: this.node.services.pubsub,
      repos: this.repos,
      hub: init.hub === true,
      onNews: (news) => { void this.onNews(news) },
      offend: (p, o) => this.offend(p, o),
      log: this.log
    })
    this.announceServer = new AnnounceServer({
      repos: this.repos,
      wants: (rid) => this.init.wants?.(rid) === true,
      isBanned: (p) => this.isBanned(p),
      offend: (p, o) => this.offend(p, o),
      fetch: async (peer, rid, signal) => this.fetchFrom(peer, rid, { signal }),
      onWanted: (news) => this.init.onWanted?.(news),
      // tell the other relays: the peer's own gossip may not have reached them
      onSeeded: (rid) => { void this.announce(rid) }
    })
  }

  async start (): Promise<void> {
    await this.node.handle(REFS_PROTOCOL, (stream, connection) => {
      const peer = connection.remotePeer.toString()
      void handleRefs(stream, async (rid) => {
        if (this.isBanned(peer)) return 'refused'
        if (!this.budget.take(peer)) { this.offend(connection.remotePeer, 'over-budget'); return 'refused' }
        const r = await this.repos.index.get(rid)
        return r == null ? undefined : { genesis: r.genesis, signedRefs: r.signedRefs }
      })
    }, { runOnLimitedConnection: true, maxInboundStreams: 32 })
    // repository data never rides a relayed connection
    await this.node.handle(PACK_PROTOCOL, (stream, connection) => {
      void this.packServer.serve(stream, connection)
    }, { runOnLimitedConnection: false, maxInboundStreams: 2 })

    if (this.init.hub === true) {
      await this.node.handle(ANNOUNCE_PROTOCOL, (stream, connection) => {
        void handleAnnounce(stream, async (a, signal) => this.announceServer.decide(a, connection.remotePeer, signal))
      }, { runOnLimitedConnection: false, maxInboundStreams: 4 })
    }
    this.gossip.start()
    this.cleanup.push(() => this.gossip.stop())
    for (const r of await this.repos.list()) this.watch(r.rid)

    // catch up with every peer that speaks our protocol: gossip can lose messages
    const announcedOn = new WeakSet<object>()
    const onIdentify = (evt: CustomEvent<{ peerId: PeerId, protocols: string[], connection: Connection }>): void => {
      if (!evt.detail.protocols.includes(REFS_PROTOCOL)) return
      // not over a relayed (limited) connection: asking over it would make
      // libp2p dial the peer anew (it reuses only unlimited connections), a
      // second WebRTC connection raced against the one the peer is dialling
      // to us; catch-up runs when that direct connection is identified
      const limited = evt.detail.connection?.limits != null
      if (!limited && (this.init.catchUpWith?.(evt.detail.protocols) ?? true)) void this.catchUp(evt.detail.peerId)
      // a relay that (re)joins may have missed our announcements, and
      // gossip may have dropped them: tell it directly, once per connection
      if (this.init.announceToRelays === true && !limited && evt.detail.protocols.includes(ANNOUNCE_PROTOCOL) && !announcedOn.has(evt.detail.connection)) {
        announcedOn.add(evt.detail.connection)
        void this.announceAllTo(evt.detail.peerId)
      }
    }
    this.node.addEventListener('peer:identify', onIdentify as any)
    this.cleanup.push(() => this.node.removeEventListener('peer:identify', onIdentify as any))
    const onOpen = (evt: CustomEvent<Connection>): void => {
      if (this.isBanned(evt.detail.remotePeer.toString())) evt.detail.abort(new Error('banned'))
    }
    this.node.addEventListener('connection:open', onOpen)
    this.cleanup.push(() => this.node.removeEventListener('connection:open', onOpen))
  }

  async stop (): Promise<void> {
    for (const c of this.cleanup.splice(0)) c()
    await this.node.unhandle([REFS_PROTOCOL, PACK_PROTOCOL, ANNOUNCE_PROTOCOL]).catch(() => {})
  }

  /** Subscribes to a repository's announcements (its gossip shard) and provides it on the DHT. */
  watch (rid: string): void {
    this.gossip.watch(rid)
    void this.provide(rid)
  }

  /** the gossip topics this peer is subscribed to */
  gossipTopics (): string[] { return this.gossip.topics() }

  async provide (rid: string): Promise<void> {
    await provide(this.node, rid, this.log)
  }

  /**
   * Tells peers about new refs (after a local commit, or a new repository):
   * on gossip, and (announceToRelays) directly to every connected relay,
   * without waiting for their answers.
   */
  async announce (rid: string, _opts: { isNew?: boolean } = {}): Promise<void> {
    const record = await this.repos.get(rid)
    this.watch(rid)
    await this.gossip.publish(record).catch(err => this.log('announce failed', { rid, err: err.message }))
    if (this.init.announceToRelays === true) {
      for (const relay of await this.connectedRelays()) void this.announceTo(relay, rid).catch(() => {})
    }
  }

  /** Tells one relay directly about a repository; resolves to its answer. */
  async announceTo (relay: PeerId, rid: string, opts: { signal?: AbortSignal } = {}): Promise<AnnounceAnswer> {
    const record = await this.repos.get(rid)
    const stream = await this.node.dialProtocol(relay, ANNOUNCE_PROTOCOL, { signal: opts.signal ?? AbortSignal.timeout(15_000) })
    try {
      const answer = await requestAnnounce(stream, { rid, genesis: record.genesis, signedRefs: record.signedRefs }, opts)
      let byRelay = this.relayAnswers.get(rid)
      if (byRelay == null) { byRelay = new Map(); this.relayAnswers.set(rid, byRelay) }
      byRelay.set(relay.toString(), { ...answer, at: Date.now() })
      this.log('relay answered announcement', { rid, relay: relay.toString(), ...answer })
      return answer
    } catch (err: any) {
      this.log('announcement to relay failed', { rid, relay: relay.toString(), err: err.message })
      throw err
    }
  }

  /** connected peers that take direct announcements (relays), over unlimited connections */
  private async connectedRelays (): Promise<PeerId[]> {
    const peers = new Map<string, PeerId>()
    for (const c of this.node.getConnections()) if (c.limits == null && c.status === 'open') peers.set(c.remotePeer.toString(), c.remotePeer)
    const out: PeerId[] = []
    for (const p of peers.values()) {
      const protocols = await this.node.peerStore.get(p).then(x => x.protocols, () => [] as string[])
      if (protocols.includes(ANNOUNCE_PROTOCOL)) out.push(p)
    }
    return out
  }

  /** Every held repository, newest first, told to one relay in turn (it may fetch each before answering). */
  private async announceAllTo (relay: PeerId): Promise<void> {
    for (const r of (await this.repos.list()).slice(0, 200)) {
      if (this.node.getConnections(relay).length === 0) return
      const answer = await this.announceTo(relay, r.rid).catch(() => undefined)
      if (answer?.status === 'refused') return
    }
  }

  /** Gets a repository (or its news) from whoever has it. */
  async clone (rid: string, opts: { signal?: AbortSignal, onProgress?: (p: SyncProgress) => void } = {}): Promise<FetchOutcome> {
    opts.onProgress?.({ phase: 'Finding peers' })
    const tried = new Set<string>()
    let lastErr: Error | undefined
    const attempt = async (peers: PeerId[]): Promise<FetchOutcome | undefined> => {
      for (const peer of peers) {
        const key = peer.toString()
        if (tried.has(key) || key === this.node.peerId.toString() || this.isBanned(key)) continue
        tried.add(key)
        // a transfer cut off by a dropped connection (WebRTC can drop) is
        // worth one more try with the same peer; an answer that it lacks
        // the repository, a refusal or bad data is not
        for (let round = 1; round <= 2; round++) {
          opts.signal?.throwIfAborted()
          try {
            // someone is waiting for this repository: dial the direct
            // connection its pack needs first (see doFetch)
            return await this.fetchFrom(peer, rid, { ...opts, eager: true })
          } catch (err: any) {
            lastErr = err
            this.log('could not fetch from peer', { rid, peer: key, err: err.message, round })
            // our own disk failed: no other peer (and no second try) would fare better
            if (err.name === 'PackStoreError') throw err
            if (err.name !== 'TransferInterruptedError' || opts.signal?.aborted === true || this.isBanned(key)) break
          }
        }
      }
      return undefined
    }
    // peers we are connected to first; meanwhile the DHT lookup starts, and
    // its providers are tried, each as soon as it is found, if those fail
    const lookup = new AbortController()
    const signal = opts.signal != null ? AbortSignal.any([opts.signal, lookup.signal]) : lookup.signal
    try {
      const providers = readAhead(streamProviders(this.node, rid, signal, this.log))
      const connected = [...new Set(this.node.getConnections().map(c => c.remotePeer.toString()))].map(p => peerIdFromString(p))
      const fromConnected = await attempt(connected)
      if (fromConnected != null) return fromConnected
      for await (const p of providers) {
        this.init.onProviders?.([p])
        const got = await attempt([p.id])
        if (got != null) return got
      }
    } finally {
      lookup.abort()
    }
    throw lastErr != null && tried.size > 0 && !(lastErr instanceof NotFoundRemotelyError)
      ? lastErr
      : new NoProvidersError(tried.size === 0 ? 'no peer that has this repository is reachable right now' : 'none of the peers reached has this repository')
  }

  async findProviders (rid: string, signal?: AbortSignal): Promise<PeerId[]> {
    const found = await findProviders(this.node, rid, signal, this.log)
    this.init.onProviders?.(found)
    return found.map(p => p.id)
  }

  /** Who has a repository, and whether each copy is up to date (see seed-status.ts). */
  async seedStatus (rid: string, opts: { signal?: AbortSignal } = {}): Promise<SeedStatus[]> {
    const found = await seedStatus(this.node, this.repos, rid, await this.findProviders(rid, opts.signal))
    // relays that told us they will not seed it: say so, and why
    for (const [peer, a] of this.relayAnswers.get(rid) ?? []) {
      if (found.some(s => s.peer === peer) || !['not-wanted', 'refused', 'failed'].includes(a.status)) continue
      found.push({ peer, relay: true, state: 'not seeding', note: a.message ?? a.status })
    }
    return found
  }

  /** One fetch per repository at a time; later callers share it. */
  async fetchFrom (peer: PeerId, rid: string, opts: FetchOptions = {}): Promise<FetchOutcome> {
    const key = `${rid}@${peer.toString()}`
    const running = this.inFlight.get(key)
    if (running != null) return running
    const p = this.doFetch(peer, rid, opts).finally(() => this.inFlight.delete(key))
    this.inFlight.set(key, p)
    return p
  }

  /** Accepted gossip: news of a repository we hold, or (a hub) of one we may want. */
  private async onNews (news: News): Promise<void> {
    const { rid, from, via } = news
    const held = await this.repos.has(rid)
    if (!held && this.init.wants?.(rid) !== true) return
    if (!held) {
      // checked in full by the validator; the seeder remembers it until fetched
      this.init.onWanted?.({ rid, genesis: decodeGenesis(news.genesis), genesisBytes: news.genesis, signedRefs: news.signedRefs })
    }
    // fetch from the author first (it has the objects), then from whoever
    // forwarded it; for a repository we hold, anyone else who has it. Not
    // for one we do not: news is free to make, and asking every peer and
    // the DHT on a stranger's word would be an amplifier
    const sources = [...new Set([from?.toString(), via.toString()].filter((p): p is string => p != null && p !== this.node.peerId.toString()))]
    await this.fetchFromAny(rid, sources.map(p => peerIdFromString(p)), { orAnyone: held }).catch(err => this.log('fetch after announcement failed', { rid, err: err.message }))
  }

  private async fetchFromAny (rid: string, peers: PeerId[], opts: { orAnyone: boolean }): Promise<FetchOutcome> {
    let last: Error | undefined
    for (const p of peers) {
      try { return await this.fetchFrom(p, rid) } catch (err: any) { last = err }
    }
    if (!opts.orAnyone) throw last ?? new NoProvidersError('nobody to fetch from')
    return this.clone(rid).catch(err => { throw last ?? err })
  }

  private async doFetch (peer: PeerId, rid: string, opts: FetchOptions): Promise<FetchOutcome> {
    const peerStr = peer.toString()
    const started = performance.now()
    const since = (): number => Math.round(performance.now() - started)
    opts.onProgress?.({ phase: 'Fetching refs', peer: peerStr })
    const unlimited = (): Connection | undefined => this.node.getConnections(peer).find(c => c.limits == null && c.status === 'open')
    // someone is waiting (a clone): dial the direct connection the pack
    // needs first and ask for the refs over it, rather than over a relayed
    // connection dialled alongside (two dials to one peer slow each other);
    // if it cannot be had, the refs still come over whatever connection can
    const direct = opts.eager === true && unlimited() == null
      ? await this.connect(peer, opts.signal ?? AbortSignal.timeout(30_000)).then(
        (c) => { this.log('direct connection up', { rid, peer: peerStr, ms: since() }); return c },
        (err: Error) => { this.log('no direct connection', { rid, peer: peerStr, err: err.message }); return undefined })
      : undefined
    opts.signal?.throwIfAborted()
    const refsStream = direct != null && direct.status === 'open'
      ? await direct.newStream(REFS_PROTOCOL, { signal: opts.signal ?? AbortSignal.timeout(15_000) })
      : await this.node.dialProtocol(peer, REFS_PROTOCOL, { signal: opts.signal ?? AbortSignal.timeout(15_000), runOnLimitedConnection: true })
    const answer = await requestRefs(refsStream, rid, { signal: opts.signal }).catch(err => { this.punish(peer, err); throw err })
    let current
    try {
      ({ current } = await verifyReceivedRefs(this.repos, rid, answer.genesis, answer.signedRefs))
    } catch (err: any) {
      // a peer behind us answered honestly with older refs: nothing to do
      if (err.name === 'StaleSequenceError') return 'up-to-date'
      this.punish(peer, err)
      throw err
    }
    const plan = planFetch(current?.signedRefs.refs, answer.signedRefs.refs)
    let pack: ReceivedPack | undefined
    if (!plan.upToDate) {
      this.log('refs verified', { rid, peer: peerStr, ms: since() })
      const conn = unlimited() ?? await this.connect(peer, opts.signal ?? AbortSignal.timeout(30_000))
      opts.onProgress?.({ phase: 'Receiving objects', peer: peerStr, received: 0 })
      // the pack is checked (every object hashed) as it arrives, or right after
      const got = await receivePack(conn, { rid, wants: plan.wants, haves: plan.haves }, {
        maxPackBytes: this.maxPackBytes,
        packSink: this.packSink,
        signal: opts.signal,
        onProgress: (p) => opts.onProgress?.({ phase: 'Receiving objects', peer: peerStr, objects: p.objects, received: p.received, total: p.total, indexed: p.indexed }),
        onEvent: (event) => this.log(event, { rid, peer: peerStr, ms: since() })
      }).catch(err => {
        this.punish(peer, err)
        if (isBadPack(err)) this.offend(peer, 'bad-object')
        throw err
      })
      pack = got.result
      this.log('pack received and indexed', { rid, peer: peerStr, ms: since(), bytes: got.bytes })
      this.transfers.push({ rid, peer: peerStr, bytes: got.bytes, objects: got.objects, limited: conn.limits != null, multiplexer: conn.multiplexer, at: Date.now(), indexedBy: got.result.indexedBy, inflatedWith: got.result.inflatedWith })
      if (this.transfers.length > 100) this.transfers.shift()
    }
    try {
      await acceptReceived(this.repos, { rid, genesisBytes: answer.genesis, signedRefs: answer.signedRefs, pack }, {
        signal: opts.signal,
        onProgress: (phase) => opts.onProgress?.({ phase: phase as SyncProgress['phase'], peer: peerStr })
      })
    } catch (err: any) {
      if (err.name === 'StaleSequenceError') return 'up-to-date' // someone else delivered it meanwhile
      if (offenceFor(err) != null) this.punish(peer, err)
      else if (isBadPack(err)) this.offend(peer, 'bad-object')
      throw err
    }
    this.log('fetched', { rid, peer: peerStr, ms: since() })
    this.watch(rid)
    opts.onProgress?.({ phase: 'Done', peer: peerStr })
    this.init.onChange?.(rid)
    return current == null ? 'cloned' : 'updated'
  }

  private async catchUp (peer: PeerId): Promise<void> {
    const held = (await this.repos.list()).slice(0, 30)
    for (const r of held) {
      if (this.node.getConnections(peer).length === 0) return
      await this.fetchFrom(peer, r.rid).catch(() => {})
    }
  }

  private punish (peer: PeerId, err: { name?: string }): void { this.offenders.punish(peer, err) }

  /** Records bad behaviour; past the limit, the peer is cut off for a while. */
  offend (peer: PeerId, offence: Offence): void { this.offenders.offend(peer, offence) }

  isBanned (peer: string): boolean { return this.offenders.isBanned(peer) }

  /** packs being sent to peers right now */
  get packsSending (): number { return this.packServer.sending }

  /** offence scores by peer (offenders.ts) */
  get offences (): OffenceLedger { return this.offenders.ledger }
}

interface FetchOptions {
  signal?: AbortSignal
  onProgress?: (p: SyncProgress) => void
  /** dial the unlimited connection a pack needs at once, not after the refs (a person is waiting) */
  eager?: boolean
}

export type { FetchOutcome, SyncProgress, Transfer }
