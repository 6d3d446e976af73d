// The sync service: the adapter that binds the sync state machine
// (machine/machine.ts), which makes every decision, to a libp2p node and a
// repository store. The same code runs in the tab and on Node. It
//  - turns libp2p events (a Guts peer identified, gone, a connection
//    opened) and checked gossip (gossip.ts) into machine events;
//  - carries out the machine's effects: fetch attempts (fetch-attempt.ts),
//    DHT lookups, gossip publishes, direct announcements to relays
//    (announce-protocol.ts), anti-entropy rounds with relays (inventory/),
//    hang-ups, timers;
//  - serves /guts/refs, /guts/pack (serve-pack.ts) and, on relays,
//    /guts/announce (serve-announce.ts) and /guts/inventory (inventory/
//    serve.ts), within per-peer budgets, counting
//    bad requests as offences for the machine to judge.
import { peerIdFromString } from '@libp2p/peer-id'
import { decodeGenesis } from '../core/genesis.js'
import { isRelay } from '../net/relay-kind.js'
import { inProcessPackSink } from '../repo/pack/pack-sink.js'
import { AnnounceServer, ANNOUNCE_PROTOCOL, handleAnnounce, requestAnnounce } from './announce/index.js'
import { Refusals, RequestBudget } from './budget.js'
import { findProviders, provide, streamProviders } from './dht.js'
import { NoProvidersError } from './errors.js'
import { failureOf, fetchAttempt } from './fetch-attempt.js'
import { Gossip } from './gossip/index.js'
import { handleInventory, INVENTORY_PROTOCOL, InventoryServer, requestInventory } from './inventory/index.js'
import { SyncMachine } from './machine/machine.js'
import { DEFAULT_MAX_PACK_BYTES, PACK_PROTOCOL, PackServer } from './pack/index.js'
import { handleRefs, REFS_PROTOCOL } from './refs/index.js'
import { handleRefs2, REFS2_PROTOCOL } from './refs/refs2.js'
import { namespaceOf, namespacesOf, recordSeq, recordSeqWith } from '../repo/repo-index.js'
import { seedStatus } from './seed-status.js'
import type { AnnounceAnswer } from './announce/index.js'
import type { Offence, OffenceLedger } from './budget.js'
import type { News } from './gossip/index.js'
import type { InventorySession } from './inventory/index.js'
import type { Effect, Event, JobOptions, PeerInfo } from './machine/events.js'
import type { SeedStatus } from './seed-status.js'
import type { FetchOutcome, SyncProgress, Transfer } from './types.js'
import type { CloneOptions, ReconcileStats, SyncInit } from './sync-options.js'
import type { Repos } from '../repo/repos.js'
import type { Connection, PeerId } from '@libp2p/interface'
import type { RepoRecord } from '../repo/repo-index.js'
import type { Multiaddr } from '@multiformats/multiaddr'

interface Waiter {
  rid: string
  resolve: (o: FetchOutcome) => void
  reject: (err: Error) => void
  onProgress?: (p: SyncProgress) => void
  /** asked only these peers: its failure is their error */
  only: boolean
}

export class Sync {
  private readonly node: SyncInit['node']
  private readonly repos: Repos
  private readonly connect: NonNullable<SyncInit['connect']>
  private readonly log: NonNullable<SyncInit['log']>
  private readonly machine: SyncMachine
  // generous enough for a peer catching up on many repositories at once
  private readonly budget = new RequestBudget({ burst: 100, perSecond: 5 })
  private readonly refusals = new Refusals()
  private readonly packServer: PackServer
  private readonly announceServer: AnnounceServer
  private readonly inventoryServer: InventoryServer
  /** what each relay keeps of our list (inventory/) */
  private readonly sessions = new Map<string, InventorySession>()
  private readonly gossip: Gossip
  private readonly waiters = new Map<string, Waiter>()
  private readonly attempts = new Map<number, { ac: AbortController, error?: Error }>()
  private readonly known = new Map<string, string>()
  private readonly cleanup: Array<() => void> = []
  private readonly inbox: Event[] = []
  private dispatching = false
  private wakeTimer?: ReturnType<typeof setTimeout>
  private jobCount = 0
  private stopped = false
  /** the last packs received, newest last (for the UI and tests) */
  readonly transfers: Transfer[] = []
  /** what each relay answered when told of a repository: rid → relay → answer */
  readonly relayAnswers = new Map<string, Map<string, AnnounceAnswer & { at: number }>>()
  readonly reconcileStats: ReconcileStats = { rounds: 0, equal: 0, failed: 0, sent: 0, received: 0 }

  constructor (private readonly init: SyncInit) {
    this.node = init.node
    this.repos = init.repos
    this.connect = init.connect ?? (async (peer, signal) => this.node.dial(peer, { signal }))
    this.log = init.log ?? (() => {})
    this.machine = new SyncMachine({
      self: this.node.peerId.toString(),
      now: Date.now,
      random: Math.random,
      wants: init.wants,
      catchUpWith: init.catchUpWith,
      announceToRelays: init.announceToRelays,
      catchUpEvery: init.catchUpEvery,
      reconcileEvery: init.reconcileEvery,
      hub: init.hub
    })
    this.packServer = new PackServer({ repos: this.repos, isBanned: (p) => this.isBanned(p), offend: (p, o) => this.offend(p, o), build: init.buildPack })
    this.gossip = new Gossip({
      pubsub: this.node.services.pubsub,
      repos: this.repos,
      hub: init.hub === true,
      onNews: (news) => { void this.onNews(news) },
      offend: (p, o) => this.offend(p, o),
      log: this.log,
      lose: init.loseGossip
    })
    this.announceServer = new AnnounceServer({
      repos: this.repos,
      wants: (rid) => this.init.wants?.(rid) === true,
      isBanned: (p) => this.isBanned(p),
      offend: (p, o) => this.offend(p, o),
      fetch: async (peer, rid, signal) => this.fetchFrom(peer, rid, { signal }),
      onWanted: (news, from) => this.init.onWanted?.(news, from),
      // tell the other relays: the peer's own gossip may not have reached them
      onSeeded: (rid) => { void this.announce(rid) }
    })
    this.inventoryServer = new InventoryServer({
      heldSeq: (rid) => this.machine.heldSeq(rid),
      wants: (rid) => this.init.wants?.(rid) === true,
      isBanned: (p) => this.isBanned(p),
      overBudget: (p) => this.offend(peerIdFromString(p), 'over-budget')
    })
  }

  async start (): Promise<void> {
    this.stopped = false
    // the refs of a repository held, within the asking peer's budget: the
    // delegate document (1.0.0), or every writer's, paged (2.0.0)
    const held = async (connection: Connection, rid: string): Promise<RepoRecord | 'refused' | undefined> => {
      const peer = connection.remotePeer.toString()
      if (this.isBanned(peer)) return 'refused'
      if (!this.budget.take(peer)) {
        if (this.refusals.refused(peer)) this.offend(connection.remotePeer, 'over-budget')
        return 'refused'
      }
      return await this.repos.index.get(rid)
    }
    await this.node.handle(REFS_PROTOCOL, (stream, connection) => {
      void handleRefs(stream, async (rid) => {
        const r = await held(connection, rid)
        return r == null || r === 'refused' ? r : { genesis: r.genesis, signedRefs: r.signedRefs }
      })
    }, { runOnLimitedConnection: true, maxInboundStreams: 32 })
    await this.node.handle(REFS2_PROTOCOL, (stream, connection) => {
      void handleRefs2(stream, async (rid) => {
        const r = await held(connection, rid)
        return r == null || r === 'refused' ? r : { genesis: r.genesis, identity: r.identity ?? [], namespaces: namespacesOf(r) }
      })
    }, { runOnLimitedConnection: true, maxInboundStreams: 32 })
    // repository data never rides a relayed connection
    await this.node.handle(PACK_PROTOCOL, (stream, connection) => {
      void this.packServer.serve(stream, connection)
    }, { runOnLimitedConnection: false, maxInboundStreams: 2 })
    if (this.init.hub === true) {
      await this.node.handle(ANNOUNCE_PROTOCOL, (stream, connection) => {
        void handleAnnounce(stream, async (a, signal) => {
          const had = await this.repos.has(a.rid).catch(() => false)
          const answer = await this.announceServer.decide(a, connection.remotePeer, signal)
          this.init.onAnnounced?.(a.rid, connection.remotePeer.toString(), answer, had)
          return answer
        })
      }, { runOnLimitedConnection: false, maxInboundStreams: 4 })
      await this.node.handle(INVENTORY_PROTOCOL, (stream, connection) => {
        const peer = connection.remotePeer
        handleInventory(stream, peer.toString(), this.inventoryServer).catch((err: Error) => {
          // junk is provably wrong; a stream cut off or a timeout is not
          if (err.name === 'ProtocolViolationError') this.offend(peer, 'malformed')
          this.log('inventory request failed', { peer: peer.toString(), err: err.message })
        })
      }, { runOnLimitedConnection: false, maxInboundStreams: 2 })
    }
    this.gossip.start()
    this.cleanup.push(() => this.gossip.stop())
    for (const r of await this.refreshHeld()) this.watch(r.rid)

    const onIdentify = (evt: CustomEvent<{ peerId: PeerId, protocols: string[], listenAddrs: Multiaddr[], connection: Connection }>): void => {
      if (!evt.detail.protocols.includes(REFS_PROTOCOL)) return
      const peer = evt.detail.peerId.toString()
      // a relay runs the relay server and listens for WebSockets itself
      // (relay-kind.ts); a tab, reached through a relay's circuit, never is
      const info: PeerInfo = {
        relay: isRelay({ protocols: evt.detail.protocols, addrs: evt.detail.listenAddrs ?? [] }),
        // not over a relayed (limited) connection: asking over it would make
        // libp2p dial the peer anew (it reuses only unlimited connections), a
        // second WebRTC connection raced against the one the peer is dialling
        // to us; the machine acts when the direct connection is identified
        direct: evt.detail.connection?.limits == null
      }
      // a peer the machine will compare refs with, or tell of our
      // repositories: let it know first what the store holds now (the app
      // may have changed it without telling us)
      const acts = info.direct && ((this.init.catchUpWith?.(info) ?? true) || (this.init.announceToRelays === true && info.relay))
      if (!acts) { this.noteConnected(peer, info); return }
      void this.refreshHeld().catch(() => []).then(() => this.noteConnected(peer, info))
    }
    const onDisconnect = (evt: CustomEvent<PeerId>): void => {
      const peer = evt.detail.toString()
      this.sessions.delete(peer)
      this.inventoryServer.forget(peer)
      if (!this.known.delete(peer)) return
      this.dispatch({ type: 'disconnected', peer })
    }
    const onOpen = (evt: CustomEvent<Connection>): void => {
      if (this.isBanned(evt.detail.remotePeer.toString())) evt.detail.abort(new Error('banned'))
    }
    this.node.addEventListener('peer:identify', onIdentify as any)
    this.node.addEventListener('peer:disconnect', onDisconnect as any)
    this.node.addEventListener('connection:open', onOpen)
    this.cleanup.push(() => {
      this.node.removeEventListener('peer:identify', onIdentify as any)
      this.node.removeEventListener('peer:disconnect', onDisconnect as any)
      this.node.removeEventListener('connection:open', onOpen)
    })
  }

  async stop (): Promise<void> {
    this.stopped = true
    for (const c of this.cleanup.splice(0)) c()
    clearTimeout(this.wakeTimer)
    for (const a of this.attempts.values()) a.ac.abort(new Error('sync stopped'))
    this.known.clear()
    await this.node.unhandle([REFS_PROTOCOL, REFS2_PROTOCOL, PACK_PROTOCOL, ANNOUNCE_PROTOCOL, INVENTORY_PROTOCOL]).catch(() => {})
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
   * A change made here (a commit, a new repository, an import): peers hear
   * of it on gossip, and (announceToRelays) relays directly, without
   * waiting for their answers.
   */
  async announce (rid: string, _opts: { isNew?: boolean } = {}): Promise<void> {
    const record = await this.repos.get(rid)
    this.watch(rid)
    this.dispatch({ type: 'changed', rid, seq: recordSeq(record) })
  }

  /** Tells one relay directly about a repository; resolves to its answer. */
  async announceTo (relay: PeerId, rid: string, opts: { signal?: AbortSignal } = {}): Promise<AnnounceAnswer> {
    const record = await this.repos.get(rid)
    const stream = await this.node.dialProtocol(relay, ANNOUNCE_PROTOCOL, { signal: opts.signal ?? AbortSignal.timeout(15_000) })
    try {
      // this peer's own document when it writes (its fork's too), else the delegate document held
      const answer = await requestAnnounce(stream, { rid, genesis: record.genesis, signedRefs: namespaceOf(record, this.repos.peerId) ?? record.signedRefs }, opts)
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

  /**
   * Gets a repository (or its news) from whoever has it: connected peers,
   * relays first, and DHT providers as the lookup finds them. `patient`:
   * keep looking, and wait for a holder, until cancelled.
   */
  async clone (rid: string, opts: CloneOptions = {}): Promise<FetchOutcome> {
    return this.want(rid, { retryInterrupted: true, eager: true, patient: opts.patient }, opts)
  }

  /** Fetches a repository from one peer. One fetch per repository at a time: callers share it. */
  async fetchFrom (peer: PeerId, rid: string, opts: CloneOptions & { eager?: boolean } = {}): Promise<FetchOutcome> {
    return this.want(rid, { only: [peer.toString()], eager: opts.eager }, opts)
  }

  /**
   * Fetches a repository from the relays we are connected to and `also`
   * these peers, nobody else and not the DHT: a relay retrying what a
   * stranger announced must not ask every peer on that stranger's word.
   */
  async fetchFromRelays (rid: string, opts: CloneOptions & { also?: string[] } = {}): Promise<FetchOutcome> {
    await this.noteConnections()
    const relays = [...this.known].filter(([, info]) => (JSON.parse(info) as PeerInfo).relay).map(([p]) => p)
    const only = [...new Set([...(opts.also ?? []), ...relays])]
    if (only.length === 0) throw new NoProvidersError('no relay is connected, and nobody else may be asked')
    return this.want(rid, { only }, opts)
  }

  async findProviders (rid: string, signal?: AbortSignal): Promise<PeerId[]> {
    const found = await findProviders(this.node, rid, signal, this.log)
    this.init.onProviders?.(found)
    return found.map(p => p.id)
  }

  /** Who has a repository, and whether each copy is up to date (see seed-status.ts). */
  async seedStatus (rid: string, opts: { signal?: AbortSignal } = {}): Promise<SeedStatus[]> {
    const found = await seedStatus(this.node, this.repos, rid, await this.findProviders(rid, opts.signal), opts)
    // relays that told us they will not seed it: say so, and why
    for (const [peer, a] of this.relayAnswers.get(rid) ?? []) {
      if (found.some(s => s.peer === peer) || !['not-wanted', 'refused', 'failed'].includes(a.status)) continue
      found.push({ peer, relay: true, state: 'not seeding', note: a.message ?? a.status })
    }
    return found
  }

  /** Records bad behaviour; past the limit, the peer is cut off for a while. */
  offend (peer: PeerId, offence: Offence): void {
    this.dispatch({ type: 'offence', peer: peer.toString(), offence })
  }

  isBanned (peer: string): boolean { return this.machine.isBanned(peer) }

  /** packs being sent to peers right now */
  get packsSending (): number { return this.packServer.sending }

  /** offence scores by peer */
  get offences (): OffenceLedger { return this.machine.offences }

  // ---- the adapter

  private async want (rid: string, job: JobOptions, opts: CloneOptions): Promise<FetchOutcome> {
    opts.signal?.throwIfAborted()
    await this.noteConnections()
    const id = `job${++this.jobCount}`
    return new Promise<FetchOutcome>((resolve, reject) => {
      const onAbort = (): void => this.dispatch({ type: 'cancel', job: id })
      opts.signal?.addEventListener('abort', onAbort, { once: true })
      const done = (): void => { opts.signal?.removeEventListener('abort', onAbort); this.waiters.delete(id) }
      this.waiters.set(id, {
        rid,
        only: job.only != null,
        onProgress: opts.onProgress,
        resolve: (o) => { done(); resolve(o) },
        reject: (err) => { done(); reject(err) }
      })
      opts.onProgress?.({ phase: 'Finding peers' })
      this.dispatch({ type: 'want', job: id, rid, opts: job })
    })
  }

  /** Tells the machine what the store holds (most recently changed last); returns it. */
  private async refreshHeld (): Promise<Awaited<ReturnType<Repos['list']>>> {
    const held = await this.repos.list()
    this.dispatch({ type: 'held', held: held.map(r => ({ rid: r.rid, seq: recordSeq(r) })).reverse() })
    return held
  }

  /**
   * Peers connected but not identified yet (a clone right after a dial):
   * the machine hears of them now, as what their connection and the peer
   * store say; identify corrects it when it arrives.
   */
  private async noteConnections (): Promise<void> {
    for (const c of this.node.getConnections()) {
      const peer = c.remotePeer.toString()
      if (this.known.has(peer) || c.status !== 'open') continue
      const known = await this.node.peerStore.get(c.remotePeer).then(p => ({ protocols: p.protocols, addrs: p.addresses.map(a => a.multiaddr) }), () => ({ protocols: [] as string[], addrs: [] }))
      this.noteConnected(peer, { relay: isRelay(known), direct: c.limits == null })
    }
  }

  /** Tells the machine of a peer, once per change of what it is (a relay? directly connected?). */
  private noteConnected (peer: string, info: PeerInfo): void {
    const was = this.known.get(peer)
    const now = JSON.stringify(info)
    // a second, relayed connection does not make a direct peer indirect
    if (was === now || (was != null && JSON.parse(was).direct === true && !info.direct && JSON.parse(was).relay === info.relay)) return
    this.known.set(peer, now)
    this.dispatch({ type: 'connected', peer, info })
  }

  private async onNews (news: News): Promise<void> {
    const held = await this.repos.has(news.rid)
    if (!held && this.init.wants?.(news.rid) === true) {
      // checked in full by the validator; the seeder remembers it until fetched
      this.init.onWanted?.({ rid: news.rid, genesis: decodeGenesis(news.genesis), genesisBytes: news.genesis, signedRefs: news.signedRefs }, (news.from ?? news.via).toString())
    }
    // news of one writer, in the machine's terms: what our record's number
    // would be with this document in it. Not just one more: two changes in
    // quick succession, the second heard before the first is stored, must
    // ask for more than the first brings
    const record = held ? await this.repos.index.get(news.rid) : undefined
    const seq = record == null ? news.signedRefs.seq : recordSeqWith(record, news.signedRefs)
    this.dispatch({ type: 'news', rid: news.rid, seq, from: news.from?.toString(), via: news.via.toString() })
  }

  /** Events are handled one at a time, in order, even when an effect raises another. */
  private dispatch (e: Event): void {
    this.inbox.push(e)
    if (this.dispatching) return
    this.dispatching = true
    try {
      for (let next = this.inbox.shift(); next != null; next = this.inbox.shift()) {
        for (const effect of this.machine.handle(next)) this.carryOut(effect)
      }
    } finally {
      this.dispatching = false
    }
  }

  private carryOut (e: Effect): void {
    switch (e.type) {
      case 'fetch': void this.runAttempt(e.attempt, e.peer, e.rid, e.eager); break
      case 'abort-fetch': this.attempts.get(e.attempt)?.ac.abort(new DOMException('cancelled', 'AbortError')); break
      case 'find-providers': void this.lookUp(e.rid); break
      case 'publish': void this.publish(e.rid); break
      case 'announce-to': void this.announceAll(e.relay, e.rids); break
      case 'hang-up': void this.node.hangUp(peerIdFromString(e.peer)).catch(() => {}); break
      case 'reconcile': void this.reconcile(e.peer, e.held); break
      case 'job-state': {
        const w = this.waiters.get(e.job)
        if (e.status.state === 'looking') w?.onProgress?.({ phase: 'Finding peers', tried: e.status.tried })
        if (e.status.state === 'waiting') w?.onProgress?.({ phase: 'Waiting for peers', tried: e.status.tried, next: e.status.next })
        break
      }
      case 'job-done': this.waiters.get(e.job)?.resolve(e.outcome); break
      case 'job-failed': {
        const w = this.waiters.get(e.job)
        if (w == null) break
        const last = e.attempt != null ? this.attempts.get(e.attempt)?.error : undefined
        if (e.reason === 'cancelled') w.reject(new DOMException('the fetch was cancelled', 'AbortError'))
        else if (last != null && (w.only || e.reason !== 'nobody')) w.reject(last)
        else w.reject(new NoProvidersError(e.attempt == null ? 'no peer that has this repository is reachable right now' : 'none of the peers reached has this repository'))
        break
      }
      case 'wake': {
        clearTimeout(this.wakeTimer)
        if (this.stopped) break
        this.wakeTimer = setTimeout(() => this.dispatch({ type: 'tick' }), Math.max(0, e.at - Date.now()))
        // a timer must not keep Node running (tests, the relay's shutdown)
        ;(this.wakeTimer as { unref?: () => void }).unref?.()
        break
      }
      case 'log': this.log(e.msg, e.fields, e.level ?? 'debug'); break
    }
  }

  private async runAttempt (attempt: number, peer: string, rid: string, eager: boolean): Promise<void> {
    const ac = new AbortController()
    const record: { ac: AbortController, error?: Error } = { ac }
    this.attempts.set(attempt, record)
    // attempts are kept a while after they end: a job's failure names its last
    const forget = (): void => { setTimeout(() => this.attempts.delete(attempt), 60_000).unref?.() }
    const progress = (p: SyncProgress): void => {
      for (const w of this.waiters.values()) if (w.rid === rid) w.onProgress?.(p)
    }
    try {
      const outcome = await fetchAttempt({
        node: this.node,
        repos: this.repos,
        connect: this.connect,
        maxPackBytes: this.init.maxPackBytes ?? DEFAULT_MAX_PACK_BYTES,
        packSink: this.init.packSink ?? inProcessPackSink,
        log: this.log,
        onTransfer: (t) => { this.transfers.push(t); if (this.transfers.length > 100) this.transfers.shift() }
      }, peerIdFromString(peer), rid, { signal: ac.signal, eager, onProgress: progress })
      const got = await this.repos.index.get(rid)
      const seq = got != null ? recordSeq(got) : 0
      if (outcome !== 'up-to-date') {
        this.watch(rid)
        this.init.onChange?.(rid, outcome)
      }
      this.dispatch({ type: 'fetched', attempt, seq, outcome })
    } catch (err: any) {
      record.error = err
      const { kind, offence } = failureOf(err, ac.signal.aborted)
      // a peer lacking what we asked is routine (catch-up asks on a guess)
      this.log('fetch failed', { rid, peer, kind, err: String(err?.message ?? err).slice(0, 300) }, kind === 'aborted' || kind === 'not-found' ? 'debug' : 'info')
      this.dispatch({ type: 'fetch-failed', attempt, kind, ...(offence != null ? { offence } : {}) })
    } finally {
      forget()
    }
  }

  /** One anti-entropy round with a relay (inventory/); the machine decides what to do about the differences. */
  private async reconcile (relay: string, held: Array<{ rid: string, seq: number }>): Promise<void> {
    const peer = peerIdFromString(relay)
    try {
      const signal = AbortSignal.timeout(15_000)
      const stream = await this.node.dialProtocol(peer, INVENTORY_PROTOCOL, { signal })
      const r = await requestInventory(stream, held, this.sessions.get(relay), { signal })
      this.sessions.set(relay, r.session)
      this.reconcileStats.rounds++
      if (r.theirs.length === 0) this.reconcileStats.equal++
      this.reconcileStats.sent += r.sent
      this.reconcileStats.received += r.received
      this.log('reconciled with relay', { relay, differing: r.theirs.length, sent: r.sent, received: r.received })
      this.dispatch({ type: 'reconciled', peer: relay, theirs: r.theirs })
    } catch (err: any) {
      this.reconcileStats.failed++
      if (err.name === 'ProtocolViolationError') this.offend(peer, 'malformed')
      this.log('could not reconcile with relay', { relay, err: String(err?.message ?? err).slice(0, 300) })
      this.dispatch({ type: 'reconcile-failed', peer: relay })
    }
  }

  private async lookUp (rid: string): Promise<void> {
    const signal = AbortSignal.timeout(30_000)
    try {
      for await (const p of streamProviders(this.node, rid, signal, this.log)) {
        if (this.stopped) return
        this.init.onProviders?.([p])
        this.dispatch({ type: 'providers', rid, peers: [p.id.toString()], done: false })
      }
    } finally {
      if (!this.stopped) this.dispatch({ type: 'providers', rid, peers: [], done: true })
    }
  }

  private async publish (rid: string): Promise<void> {
    const record = await this.repos.index.get(rid)
    if (record == null) return
    await this.gossip.publish(record).catch(err => this.log('announce failed', { rid, err: err.message }))
  }

  /** Tells one relay of repositories in turn (it may fetch each before answering); stops when it refuses. */
  private async announceAll (relay: string, rids: string[]): Promise<void> {
    const peer = peerIdFromString(relay)
    for (const rid of rids) {
      if (this.stopped || this.node.getConnections(peer).length === 0) return
      if (!(await this.repos.has(rid))) continue
      const answer = await this.announceTo(peer, rid).catch(() => undefined)
      if (answer?.status === 'refused') return
    }
  }
}

export type { FetchOutcome, SyncProgress, Transfer }
export type { CloneOptions, ReconcileStats, SyncInit } from './sync-options.js'
