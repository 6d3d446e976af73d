// A multi-peer simulator for the sync state machine: many machines on a
// simulated network with latency, loss, disconnects and lying peers, no
// sockets and no real time. Each peer's "world" carries out its machine's
// effects: a fetch succeeds when the peer asked is online and linked and
// holds the repository, fails the way the real adapter reports failures
// otherwise; gossip floods over links, dropping messages at random; the
// DHT knows who holds what; an anti-entropy round with a relay compares
// lists as /guts/inventory does, counting its messages and bytes. Everything is driven by one event queue and a
// seeded PRNG, so a run is repeatable.
import { SyncMachine } from '../../src/sync/machine/machine.js'
import { mulberry32 } from '../fixtures/prng.js'
import type { Effect, Event, JobOptions, JobState } from '../../src/sync/machine/events.js'

export interface SimOptions {
  seed?: number
  /** one-way latency between linked peers, ms: [min, max) */
  latency?: [number, number]
  /** chance a gossip message to one neighbour is lost */
  gossipLoss?: number
  /** how long a transfer takes, ms */
  transferMs?: number
  /** drops one gossip message or direct announcement on its way from `from` to `to` */
  drop?: (kind: 'gossip' | 'announce', from: string, to: string, rid: string) => boolean
}

export interface SimPeerOptions {
  relay?: boolean
  /** answers every fetch with bad objects */
  liar?: boolean
  /** repositories it holds at the start: rid → seq */
  holds?: Record<string, number>
  wants?: (rid: string) => boolean
  announceToRelays?: boolean
  catchUpEvery?: number
  reconcileEvery?: number
  /** default: relays compare with relays only, tabs with everyone */
  catchUpWith?: (info: { relay: boolean }) => boolean
}

interface Pending { attempt: number, from: string, to: string, rid: string, timer: number }

export class SimPeer {
  readonly machine: SyncMachine
  readonly holds = new Map<string, number>()
  online = true
  /** what the machine told each job, in order */
  readonly jobs = new Map<string, Array<{ at: number, status?: JobState, done?: string, failed?: string }>>()
  readonly effects: Effect[] = []
  seenNews = new Set<string>()

  constructor (readonly sim: Simulator, readonly id: string, readonly opts: SimPeerOptions) {
    for (const [rid, seq] of Object.entries(opts.holds ?? {})) this.holds.set(rid, seq)
    this.machine = new SyncMachine({
      self: id,
      now: () => sim.now,
      random: sim.random,
      wants: opts.wants,
      announceToRelays: opts.announceToRelays ?? !(opts.relay ?? false),
      // relays compare with relays only; tabs with everyone
      catchUpWith: opts.catchUpWith ?? ((info) => !(opts.relay ?? false) || info.relay),
      catchUpEvery: opts.catchUpEvery,
      reconcileEvery: opts.reconcileEvery,
      hub: opts.relay
    })
  }

  get relay (): boolean { return this.opts.relay === true }

  deliver (e: Event): void {
    if (!this.online) return
    for (const effect of this.machine.handle(e)) {
      this.effects.push(effect)
      this.sim.carryOut(this, effect)
    }
  }

  /** a commit here */
  commit (rid: string): number {
    const seq = (this.holds.get(rid) ?? 0) + 1
    this.holds.set(rid, seq)
    this.deliver({ type: 'changed', rid, seq })
    return seq
  }

  want (job: string, rid: string, opts: JobOptions = {}): void {
    this.jobs.set(job, [])
    this.deliver({ type: 'want', job, rid, opts })
  }

  lastOf (job: string): { status?: JobState, done?: string, failed?: string } | undefined {
    return this.jobs.get(job)?.at(-1)
  }
}

export class Simulator {
  now = 0
  readonly random: () => number
  readonly peers = new Map<string, SimPeer>()
  private readonly links = new Set<string>()
  private readonly queue: Array<{ at: number, seq: number, run: () => void }> = []
  private seq = 0
  private readonly pending = new Map<string, Pending>()
  private readonly wakes = new Map<string, number>()
  private readonly opts: Required<SimOptions>
  /** gossip messages delivered, lost (or dropped); fetches; anti-entropy rounds, their messages and bytes */
  stats = { delivered: 0, lost: 0, dropped: 0, fetches: 0, reconciles: 0, reconcileMessages: 0, reconcileBytes: 0 }
  /** what each relay keeps of each peer's list, as InventoryServer does */
  private readonly scopes = new Map<string, Set<string>>()

  constructor (opts: SimOptions = {}) {
    this.opts = { seed: 1, latency: [5, 60], gossipLoss: 0, transferMs: 200, drop: () => false, ...opts }
    this.random = mulberry32(this.opts.seed)
  }

  add (id: string, opts: SimPeerOptions = {}): SimPeer {
    const p = new SimPeer(this, id, opts)
    this.peers.set(id, p)
    p.deliver({ type: 'held', held: [...p.holds].map(([rid, seq]) => ({ rid, seq })) })
    return p
  }

  peer (id: string): SimPeer { return this.peers.get(id)! }

  linked (a: string, b: string): boolean { return this.links.has(key(a, b)) }

  connect (a: string, b: string): void {
    if (a === b || this.linked(a, b)) return
    const pa = this.peer(a)
    const pb = this.peer(b)
    if (!pa.online || !pb.online) return
    this.links.add(key(a, b))
    this.after(this.latency(), () => {
      if (!this.linked(a, b)) return
      pa.deliver({ type: 'connected', peer: b, info: { relay: pb.relay, direct: true } })
      pb.deliver({ type: 'connected', peer: a, info: { relay: pa.relay, direct: true } })
    })
  }

  disconnect (a: string, b: string): void {
    if (!this.links.delete(key(a, b))) return
    // transfers over this link are cut off
    for (const [k, p] of this.pending) {
      if ((p.from === a && p.to === b) || (p.from === b && p.to === a)) {
        this.pending.delete(k)
        this.after(1, () => this.peer(p.from).deliver({ type: 'fetch-failed', attempt: p.attempt, kind: 'interrupted' }))
      }
    }
    this.after(1, () => {
      this.peer(a).deliver({ type: 'disconnected', peer: b })
      this.peer(b).deliver({ type: 'disconnected', peer: a })
    })
  }

  /** the peer goes offline: every link drops */
  leave (id: string): void {
    for (const l of [...this.links]) {
      const [a, b] = l.split('|')
      if (a === id || b === id) this.disconnect(a, b)
    }
    this.after(2, () => { this.peer(id).online = false })
  }

  /** it comes back, with its links to `to` */
  rejoin (id: string, to: string[]): void {
    const p = this.peer(id)
    p.online = true
    for (const t of to) this.connect(id, t)
  }

  neighbours (id: string): string[] {
    return [...this.links].map(l => l.split('|')).filter(([a, b]) => a === id || b === id).map(([a, b]) => a === id ? b : a)
  }

  /** Runs events until `done()` holds or simulated time passes `limit` ms from now; true when done. */
  runUntil (done: () => boolean, limit: number): boolean {
    const end = this.now + limit
    while (!done()) {
      this.queue.sort((x, y) => x.at - y.at || x.seq - y.seq)
      const next = this.queue.shift()
      if (next == null || next.at > end) { this.now = Math.max(this.now, Math.min(end, next?.at ?? end)); if (next != null) this.queue.unshift(next); return done() }
      this.now = next.at
      next.run()
    }
    return true
  }

  after (ms: number, run: () => void): void {
    this.queue.push({ at: this.now + ms, seq: this.seq++, run })
  }

  latency (): number {
    const [lo, hi] = this.opts.latency
    return lo + Math.floor(this.random() * (hi - lo))
  }

  /** What a peer's adapter would do about one effect of its machine. */
  carryOut (p: SimPeer, e: Effect): void {
    switch (e.type) {
      case 'fetch': this.fetch(p, e.attempt, e.peer, e.rid); break
      case 'abort-fetch': {
        const k = `${p.id}#${e.attempt}`
        if (this.pending.delete(k)) this.after(1, () => p.deliver({ type: 'fetch-failed', attempt: e.attempt, kind: 'aborted' }))
        break
      }
      case 'find-providers': {
        const holders = [...this.peers.values()].filter(q => q.online && q.id !== p.id && q.holds.has(e.rid)).map(q => q.id)
        this.after(this.latency() * 4, () => p.deliver({ type: 'providers', rid: e.rid, peers: holders, done: true }))
        break
      }
      case 'publish': this.gossip(p.id, e.rid, p.holds.get(e.rid) ?? 0, p.id, `${p.id}:${e.rid}:${p.holds.get(e.rid) ?? 0}`); break
      case 'announce-to': {
        const relay = this.peer(e.relay)
        for (const rid of e.rids) {
          if (this.opts.drop('announce', p.id, e.relay, rid)) { this.stats.dropped++; continue }
          this.after(this.latency(), () => relay.want(`announce:${p.id}:${rid}:${this.seq++}`, rid, { only: [p.id] }))
        }
        break
      }
      case 'reconcile': this.reconcile(p, e.peer, e.held); break
      case 'hang-up': this.disconnect(p.id, e.peer); break
      case 'wake': {
        const at = Math.max(e.at, this.now)
        this.wakes.set(p.id, at)
        this.queue.push({ at, seq: this.seq++, run: () => { if (this.wakes.get(p.id) === at) p.deliver({ type: 'tick' }) } })
        break
      }
      case 'job-state': p.jobs.get(e.job)?.push({ at: this.now, status: e.status }); break
      case 'job-done': p.jobs.get(e.job)?.push({ at: this.now, done: e.outcome }); break
      case 'job-failed': p.jobs.get(e.job)?.push({ at: this.now, failed: e.reason }); break
      case 'log': break
    }
  }

  /**
   * /guts/inventory, by its rules: the first round (or a changed list)
   * registers the list and hears back the relay's entries of what it holds
   * or wants; later rounds send a 16-byte digest, answered "equal" (one
   * message each way) or with the entries that differ (the real protocol
   * narrows by bucket first).
   */
  private reconcile (p: SimPeer, to: string, held: Array<{ rid: string, seq: number }>): void {
    const q = this.peers.get(to)
    const rtt = this.latency() * 2
    if (q == null || !q.online || !this.linked(p.id, to)) { this.after(rtt, () => p.deliver({ type: 'reconcile-failed', peer: to })); return }
    this.stats.reconciles++
    const key = `${to}<${p.id}`
    const listKey = held.map(h => h.rid).sort().join(',')
    const registered = this.scopes.get(key)
    const theirsOf = (rid: string): { rid: string, seq: number } => ({ rid, seq: q.holds.get(rid) ?? 0 })
    let theirs: Array<{ rid: string, seq: number }>
    if (registered == null || (registered as Set<string> & { list?: string }).list !== listKey) {
      const kept = new Set(held.map(h => h.rid).filter(rid => q.holds.has(rid) || q.opts.wants?.(rid) === true)) as Set<string> & { list?: string }
      kept.list = listKey
      this.scopes.set(key, kept)
      theirs = [...kept].map(theirsOf)
      this.stats.reconcileMessages += 2
      this.stats.reconcileBytes += 8 + held.reduce((n, h) => n + h.rid.length + 6, 0) + theirs.reduce((n, h) => n + h.rid.length + 6, 0)
    } else {
      const differ = held.filter(h => registered.has(h.rid) && (q.holds.get(h.rid) ?? 0) !== h.seq)
      theirs = differ.map(h => theirsOf(h.rid))
      this.stats.reconcileMessages += 2
      this.stats.reconcileBytes += theirs.length === 0 ? 18 + 2 : 18 + 4 + theirs.reduce((n, h) => n + h.rid.length + 6, 0)
    }
    this.after(rtt, () => p.deliver(this.linked(p.id, to) ? { type: 'reconciled', peer: to, theirs } : { type: 'reconcile-failed', peer: to }))
  }

  private fetch (p: SimPeer, attempt: number, to: string, rid: string): void {
    this.stats.fetches++
    const q = this.peers.get(to)
    const fail = (kind: 'not-found' | 'unreachable'): void => { this.after(this.latency(), () => p.deliver({ type: 'fetch-failed', attempt, kind })) }
    // dialling: a peer that is offline or not linked is unreachable here
    if (q == null || !q.online || !this.linked(p.id, to)) { fail('unreachable'); return }
    const theirs = q.holds.get(rid)
    if (theirs == null && !q.opts.liar) { fail('not-found'); return }
    const k = `${p.id}#${attempt}`
    this.pending.set(k, { attempt, from: p.id, to, rid, timer: 0 })
    this.after(this.latency() * 2 + this.opts.transferMs, () => {
      if (!this.pending.delete(k)) return
      if (q.opts.liar === true) { p.deliver({ type: 'fetch-failed', attempt, kind: 'offence', offence: 'bad-object' }); return }
      const mine = p.holds.get(rid)
      const seq = Math.max(mine ?? 0, theirs ?? 0)
      p.holds.set(rid, seq)
      p.deliver({ type: 'fetched', attempt, seq, outcome: mine == null ? 'cloned' : seq > mine ? 'updated' : 'up-to-date' })
    })
  }

  /**
   * gossipsub, roughly: a peer that accepts news passes it to every
   * neighbour once; each copy may be lost. A relay accepts all news (a hub);
   * a tab only news of what it holds.
   */
  private gossip (from: string, rid: string, seq: number, author: string, id: string): void {
    for (const n of this.neighbours(from)) {
      const q = this.peer(n)
      if (q.seenNews.has(id)) continue
      if (this.random() < this.opts.gossipLoss || this.opts.drop('gossip', from, n, rid)) { this.stats.lost++; continue }
      this.after(this.latency(), () => {
        if (!q.online || q.seenNews.has(id)) return
        q.seenNews.add(id)
        this.stats.delivered++
        if (!q.relay && !q.holds.has(rid)) return
        q.deliver({ type: 'news', rid, seq, from: author, via: from })
        this.gossip(n, rid, seq, author, id)
      })
    }
  }
}

function key (a: string, b: string): string { return a < b ? `${a}|${b}` : `${b}|${a}` }
