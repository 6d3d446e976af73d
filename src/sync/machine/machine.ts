// The decisions of sync, as a pure state machine (Radicle heartwood's
// service is the model): events in, effects out, the clock and randomness
// injected. It decides whom to fetch a repository from and in what order,
// when to try a peer again, when to look on the DHT, when to keep waiting
// for a holder and when to give up, whom to catch up with and when, when to
// reconcile with relays (anti-entropy: every minute, and at once on a
// sequence gap) and what to do about the differences, whom to tell about our
// repositories, and whom to cut off. It does no I/O: the
// adapter (../service.ts) carries out its effects and reports back, and a
// simulator (test/sim/) drives many of them with no sockets at all.
import { OFFENCE_WEIGHT, OffenceLedger } from '../budget.js'
import { CATCH_UP_BATCH, ANNOUNCE_BATCH, BAN_MS, RECONCILE_MS, GAP_COOLDOWN_MS, NEWS_RETRY_MS, NEWS_RETRIES, FIRST_RELOOK_MS, MAX_RELOOK_MS } from './machine-state.js'
import type { Effect, Event, FailureKind, JobOptions, JobState, Offence, PeerInfo } from './events.js'
import type { Fetch, MachineInit } from './machine-state.js'

export type { MachineInit } from './machine-state.js'

export class SyncMachine {
  private readonly init: MachineInit
  private readonly peers = new Map<string, PeerInfo>()
  /** rid → seq, most recently changed last */
  private readonly held = new Map<string, number>()
  private readonly fetches = new Map<string, Fetch>()
  private readonly byJob = new Map<string, string>()
  private readonly byAttempt = new Map<number, string>()
  private readonly busyPeers = new Map<string, number>()
  private readonly banned = new Map<string, number>()
  readonly offences: OffenceLedger
  private nextAttempt = 1
  private catchUpAt: number
  private catchUpFrom = 0
  private reconcileAt: number
  private lastGapRound = -Infinity
  /** peers a reconcile round is running with */
  private readonly reconciling = new Set<string>()
  private wokenFor = Infinity
  private out: Effect[] = []

  constructor (init: MachineInit) {
    this.init = init
    this.offences = new OffenceLedger(10, 10 * 60_000, init.now)
    this.catchUpAt = init.now() + this.jitter(init.catchUpEvery ?? 5 * 60_000)
    this.reconcileAt = init.now() + this.jitter(init.reconcileEvery ?? RECONCILE_MS)
  }

  /** Takes one event; returns what to do about it. */
  handle (e: Event): Effect[] {
    this.out = []
    switch (e.type) {
      case 'held':
        this.held.clear()
        for (const h of e.held) this.held.set(h.rid, h.seq)
        break
      case 'connected': this.onConnected(e.peer, e.info); break
      case 'disconnected': this.peers.delete(e.peer); this.reconciling.delete(e.peer); break
      case 'news': this.onNews(e.rid, e.seq, e.from, e.via); break
      case 'want': this.onWant(e.job, e.rid, e.opts); break
      case 'cancel': this.onCancel(e.job); break
      case 'providers': this.onProviders(e.rid, e.peers, e.done); break
      case 'fetched': this.onFetched(e.attempt, e.seq, e.outcome); break
      case 'fetch-failed': this.onFailed(e.attempt, e.kind, e.offence); break
      case 'changed': this.onChanged(e.rid, e.seq); break
      case 'removed': this.held.delete(e.rid); break
      case 'reconciled': this.onReconciled(e.peer, e.theirs); break
      case 'reconcile-failed': this.reconciling.delete(e.peer); break
      case 'offence': this.offend(e.peer, e.offence); break
      case 'tick': this.onTick(); break
    }
    this.scheduleWake()
    return this.out
  }

  isBanned (peer: string): boolean {
    const until = this.banned.get(peer)
    if (until == null) return false
    if (until <= this.init.now()) { this.banned.delete(peer); return false }
    return true
  }

  /** what is being fetched now, for the UI and tests */
  fetching (rid: string): { jobs: number, running?: string, tried: number, queued: number } | undefined {
    const f = this.fetches.get(rid)
    return f == null ? undefined : { jobs: f.jobs.size, running: f.running?.peer, tried: f.tried.size, queued: f.queue.length }
  }

  heldSeq (rid: string): number | undefined { return this.held.get(rid) }

  // ---- events

  private onConnected (peer: string, info: PeerInfo): void {
    if (peer === this.init.self) return
    if (this.isBanned(peer)) { this.emit({ type: 'hang-up', peer }); return }
    this.peers.set(peer, info)
    // a peer that appears may be the holder a patient fetch waits for, or
    // the holder coming back: ask it (again)
    for (const f of this.fetches.values()) {
      if (!f.anyone) continue
      f.tried.delete(peer)
      this.enqueue(f, [peer])
      this.pump(f)
    }
    if (!info.direct) return
    if (this.init.catchUpWith?.(info) ?? true) {
      for (const rid of this.recentHeld(CATCH_UP_BATCH)) this.background(rid, [peer])
    }
    if (this.init.announceToRelays === true && info.relay) {
      const rids = this.recentHeld(ANNOUNCE_BATCH)
      if (rids.length > 0) this.emit({ type: 'announce-to', relay: peer, rids })
    }
  }

  private onNews (rid: string, seq: number, from: string | undefined, via: string): void {
    const held = this.held.get(rid)
    if (held != null && seq <= held) return
    if (held == null && this.init.wants?.(rid) !== true) return
    // news we missed on the way here: others may have been lost too
    if (held != null && seq > held + 1) this.onGap(rid, seq, held)
    // the author first (it has the objects), then whoever passed it on. For a
    // repository we hold, anyone else too; not for one we do not: news is
    // free to make, and asking every peer and the DHT on a stranger's word
    // would be an amplifier
    const f = this.fetchOf(rid, held != null)
    f.background = true
    f.wantSeq = Math.max(f.wantSeq, seq)
    const sources = [from, via].filter((p): p is string => p != null)
    for (const p of sources) f.tried.delete(p)
    if (f.running != null && sources.includes(f.running.peer)) f.newsDuring = true
    this.enqueue(f, sources, { first: true })
    if (f.anyone) this.addConnected(f)
    this.pump(f)
  }

  private onWant (job: string, rid: string, opts: JobOptions): void {
    const anyone = opts.only == null
    const f = this.fetchOf(rid, anyone)
    if (anyone && !f.anyone) f.anyone = true
    f.jobs.set(job, opts)
    this.byJob.set(job, rid)
    if (opts.only != null) {
      for (const p of opts.only) f.tried.delete(p)
      this.enqueue(f, opts.only, { first: true })
    }
    if (f.anyone) {
      this.addConnected(f)
      // the lookup runs while connected peers are asked
      this.lookUp(f)
    }
    this.pump(f)
  }

  private onCancel (job: string): void {
    const rid = this.byJob.get(job)
    if (rid == null) return
    this.byJob.delete(job)
    const f = this.fetches.get(rid)
    if (f == null) return
    f.jobs.delete(job)
    f.broughtFor?.delete(job)
    this.emit({ type: 'job-failed', job, rid, reason: 'cancelled' })
    if (f.jobs.size === 0 && !f.background) {
      if (f.running != null) this.emit({ type: 'abort-fetch', attempt: f.running.attempt })
      this.drop(f)
    }
  }

  private onProviders (rid: string, peers: string[], done: boolean): void {
    const f = this.fetches.get(rid)
    if (f == null || !f.anyone) return
    this.enqueue(f, peers)
    if (done) f.lookup = 'done'
    this.pump(f)
  }

  private onFetched (attempt: number, seq: number, outcome: 'cloned' | 'updated' | 'up-to-date'): void {
    const f = this.attemptFetch(attempt)
    if (f == null) return
    const { peer, jobs: asked } = f.running!
    this.finishAttempt(f)
    const before = this.held.get(f.rid)
    if (before == null || seq > before) this.held.set(f.rid, seq)
    else if (outcome !== 'up-to-date') this.held.set(f.rid, before)
    this.log('fetched', { rid: f.rid, peer, seq, outcome })
    // a hub updated by a reconcile round, or by a direct announcement with
    // no gossip news of it: the gossip was lost, for others too
    if (this.init.hub === true && outcome === 'updated' && (f.reconciled === true || f.wantSeq < seq)) this.emit({ type: 'publish', rid: f.rid })
    // jobs from after the attempt began (an announcement of a newer change,
    // say) are not answered by it: what it brought may predate them
    const late: string[] = []
    for (const [job, opts] of [...f.jobs]) {
      if (!asked.has(job)) {
        late.push(...(opts.only ?? [peer]))
        // the repository did change since it was asked: its answer says so
        if (outcome !== 'up-to-date' && f.broughtFor?.get(job) !== 'cloned') (f.broughtFor ??= new Map()).set(job, outcome)
        continue
      }
      f.jobs.delete(job)
      this.byJob.delete(job)
      const brought = f.broughtFor?.get(job)
      f.broughtFor?.delete(job)
      this.emit({ type: 'job-done', job, rid: f.rid, outcome: outcome === 'up-to-date' && brought != null ? brought : outcome })
    }
    if (late.length > 0) {
      for (const p of late) f.tried.delete(p)
      this.enqueue(f, late, { first: true })
      this.pump(f)
      return
    }
    const newsDuring = f.newsDuring === true
    if ((this.held.get(f.rid) ?? 0) < f.wantSeq) {
      // its news came while it was sending: it has more now (changes in
      // quick succession), so it is asked again at once
      if (newsDuring && !this.isBanned(peer)) {
        this.enqueue(f, [peer], { first: true })
        this.pump(f)
        return
      }
      // news promised more than this peer had: the others may have it
      f.tried.set(peer, 'not-found')
      if (this.nextCandidate(f, false) != null) { this.pump(f); return }
      // nobody else to ask: the peer that passed the news on (a relay) may
      // still be fetching it; ask again in a moment, a few times
      if (f.waits < NEWS_RETRIES) {
        for (const [p, kind] of f.tried) if (kind !== 'offence') f.tried.delete(p)
        f.againAt = this.init.now() + NEWS_RETRY_MS * Math.pow(2, f.waits++)
        return
      }
    }
    this.drop(f)
  }

  private onFailed (attempt: number, kind: FailureKind, offence?: Offence): void {
    const f = this.attemptFetch(attempt)
    if (f == null) return
    const { peer, round } = f.running!
    this.finishAttempt(f)
    f.lastFailed = attempt
    if (kind === 'offence') this.offend(peer, offence ?? 'malformed')
    this.log('could not fetch from peer', { rid: f.rid, peer, kind, round })
    if (kind === 'aborted') return
    // our own disk failed: no other peer, and no second try, would fare better
    if (kind === 'store') {
      this.failAll(f, 'store')
      return
    }
    const retry = kind === 'interrupted' && round === 1 && !this.isBanned(peer) &&
      [...f.jobs.values()].some(o => o.retryInterrupted === true)
    if (retry) {
      this.start(f, peer, 2)
      return
    }
    f.tried.set(peer, kind)
    this.pump(f)
  }

  private onChanged (rid: string, seq: number): void {
    this.held.delete(rid) // most recent last
    this.held.set(rid, seq)
    this.emit({ type: 'publish', rid })
    if (this.init.announceToRelays !== true) return
    for (const [peer, info] of this.peers) if (info.relay && info.direct) this.emit({ type: 'announce-to', relay: peer, rids: [rid] })
  }

  private onTick (): void {
    const now = this.init.now()
    for (const f of [...this.fetches.values()]) {
      if (f.againAt != null && f.againAt <= now) {
        f.againAt = undefined
        this.pump(f)
        continue
      }
      if (f.relookAt == null || f.relookAt > now) continue
      f.relookAt = undefined
      // a new round: everyone may be asked again, and the DHT once more
      for (const [p, kind] of f.tried) if (kind !== 'offence') f.tried.delete(p)
      this.addConnected(f)
      f.lookup = 'none'
      this.lookUp(f)
      this.pump(f)
    }
    if (this.catchUpAt <= now) {
      this.catchUpAt = now + this.jitter(this.init.catchUpEvery ?? 5 * 60_000)
      this.periodicCatchUp()
    }
    if (this.reconcileAt <= now) {
      this.reconcileAt = now + this.jitter(this.init.reconcileEvery ?? RECONCILE_MS)
      this.reconcileAll()
    }
  }

  private onGap (rid: string, seq: number, held: number): void {
    const now = this.init.now()
    if (now - this.lastGapRound < GAP_COOLDOWN_MS) return
    this.lastGapRound = now
    this.log('sequence gap: reconciling now', { rid, held, seq })
    this.reconcileAll()
  }

  /**
   * The relay's entries where they may differ from ours: fetch where it is
   * ahead, tell it where we are (seq 0: it wants the repository and lacks
   * it; the relay then publishes what it fetched, see onFetched). A
   * repository of ours it did not list, it neither holds nor wants.
   */
  private onReconciled (peer: string, theirs: Array<{ rid: string, seq: number }>): void {
    this.reconciling.delete(peer)
    const ahead: string[] = []
    let behind = 0
    for (const { rid, seq } of theirs) {
      const mine = this.held.get(rid)
      if (mine == null && this.init.wants?.(rid) !== true) continue
      if (seq > (mine ?? 0)) {
        behind++
        const f = this.fetchOf(rid, false)
        f.background = true
        f.reconciled = true
        f.wantSeq = Math.max(f.wantSeq, seq)
        f.tried.delete(peer)
        this.enqueue(f, [peer], { first: true })
        this.pump(f)
      } else if (mine != null && seq < mine) {
        ahead.push(rid)
      }
    }
    if (ahead.length + behind > 0) this.log('reconciled: refs differ', { peer, behind, ahead: ahead.length })
    if (ahead.length > 0) this.emit({ type: 'announce-to', relay: peer, rids: ahead })
  }

  // ---- decisions

  /** Anti-entropy: compare everything held with each directly connected relay. */
  private reconcileAll (): void {
    if (this.held.size === 0) return
    const held = [...this.held].reverse().map(([rid, seq]) => ({ rid, seq }))
    for (const [peer, info] of this.peers) {
      if (!info.relay || !info.direct || this.isBanned(peer) || this.reconciling.has(peer)) continue
      this.reconciling.add(peer)
      this.emit({ type: 'reconcile', peer, held })
    }
  }

  /** Gossip can lose messages: compare a few held repositories with a random neighbour each. */
  private periodicCatchUp (): void {
    const neighbours = [...this.peers].filter(([p, info]) => info.direct && !this.isBanned(p) && (this.init.catchUpWith?.(info) ?? true)).map(([p]) => p)
    if (neighbours.length === 0 || this.held.size === 0) return
    const all = [...this.held.keys()]
    const batch: string[] = []
    for (let i = 0; i < Math.min(CATCH_UP_BATCH, all.length); i++) batch.push(all[(this.catchUpFrom + i) % all.length])
    this.catchUpFrom = (this.catchUpFrom + batch.length) % all.length
    for (const rid of batch) this.background(rid, [neighbours[Math.floor(this.init.random() * neighbours.length)]])
  }

  /** Compares a held repository with `peers`, nobody waiting. */
  private background (rid: string, peers: string[]): void {
    const f = this.fetchOf(rid, false)
    f.background = true
    for (const p of peers) f.tried.delete(p)
    this.enqueue(f, peers)
    this.pump(f)
  }

  /** Starts the next attempt of `f` if it has none and one may run; otherwise decides whether to wait or give up. */
  private pump (f: Fetch): void {
    if (f.running != null) return
    if (this.busyPeers.size >= (this.init.maxRunning ?? 6)) { this.state(f, { state: 'looking', tried: f.tried.size }); return }
    const next = this.nextCandidate(f, true)
    if (next != null) { this.start(f, next, 1); return }
    // someone else's fetch holds a candidate: wait for it to finish
    if (this.nextCandidate(f, false) != null) { this.state(f, { state: 'looking', tried: f.tried.size }); return }
    if (f.anyone && f.lookup === 'running') { this.state(f, { state: 'looking', tried: f.tried.size }); return }
    if ([...f.jobs.values()].some(o => o.patient === true)) {
      // keep looking: a holder may come online, connect, or return
      f.relookAt ??= this.init.now() + Math.min(MAX_RELOOK_MS, FIRST_RELOOK_MS * Math.pow(2, f.relooks++))
      this.state(f, { state: 'waiting', tried: f.tried.size, next: f.relookAt })
      return
    }
    const anyFailure = [...f.tried.values()].some(k => k !== 'not-found')
    this.failAll(f, anyFailure ? 'failed' : 'nobody')
  }

  /** The first queued peer that may be asked (`free`: and is not busy with another fetch of ours). */
  private nextCandidate (f: Fetch, free: boolean): string | undefined {
    return f.queue.find(p => p !== this.init.self && !f.tried.has(p) && !this.isBanned(p) && (!free || !this.busyPeers.has(p)))
  }

  private start (f: Fetch, peer: string, round: number): void {
    const attempt = this.nextAttempt++
    f.running = { attempt, peer, round, jobs: new Set(f.jobs.keys()) }
    f.newsDuring = undefined
    this.byAttempt.set(attempt, f.rid)
    this.busyPeers.set(peer, attempt)
    const eager = [...f.jobs.values()].some(o => o.eager === true)
    this.emit({ type: 'fetch', attempt, peer, rid: f.rid, eager })
    this.state(f, { state: 'fetching', peer, tried: f.tried.size })
  }

  private finishAttempt (f: Fetch): void {
    const r = f.running!
    this.byAttempt.delete(r.attempt)
    if (this.busyPeers.get(r.peer) === r.attempt) this.busyPeers.delete(r.peer)
    f.running = undefined
    // a peer freed: fetches waiting for it (or for a slot) go on
    for (const other of this.fetches.values()) if (other !== f && other.running == null) this.pump(other)
  }

  private failAll (f: Fetch, reason: 'nobody' | 'failed' | 'store'): void {
    for (const job of f.jobs.keys()) {
      this.byJob.delete(job)
      this.emit({ type: 'job-failed', job, rid: f.rid, reason, ...(f.lastFailed != null ? { attempt: f.lastFailed } : {}) })
    }
    f.jobs.clear()
    this.drop(f)
  }

  private offend (peer: string, offence: Offence): void {
    this.log('peer offence', { peer, offence, weight: OFFENCE_WEIGHT[offence] })
    if (!this.offences.record(peer, offence) || this.isBanned(peer)) return
    this.banned.set(peer, this.init.now() + BAN_MS)
    this.log('peer cut off', { peer, why: offence, score: Math.round(this.offences.score(peer)), minutes: BAN_MS / 60_000 }, 'info')
    this.emit({ type: 'hang-up', peer })
  }

  private lookUp (f: Fetch): void {
    if (f.lookup !== 'none') return
    f.lookup = 'running'
    this.emit({ type: 'find-providers', rid: f.rid })
  }

  // ---- bookkeeping

  private fetchOf (rid: string, anyone: boolean): Fetch {
    let f = this.fetches.get(rid)
    if (f == null) {
      f = { rid, jobs: new Map(), background: false, anyone, queue: [], tried: new Map(), wantSeq: 0, lookup: 'none', relooks: 0, waits: 0 }
      this.fetches.set(rid, f)
    } else if (anyone) {
      f.anyone = true
    }
    return f
  }

  private drop (f: Fetch): void {
    if (f.running != null) {
      this.byAttempt.delete(f.running.attempt)
      if (this.busyPeers.get(f.running.peer) === f.running.attempt) this.busyPeers.delete(f.running.peer)
    }
    this.fetches.delete(f.rid)
  }

  private attemptFetch (attempt: number): Fetch | undefined {
    const rid = this.byAttempt.get(attempt)
    const f = rid == null ? undefined : this.fetches.get(rid)
    return f?.running?.attempt === attempt ? f : undefined
  }

  private enqueue (f: Fetch, peers: string[], opts: { first?: boolean } = {}): void {
    const fresh = peers.filter(p => p !== this.init.self)
    f.queue = opts.first === true
      ? [...new Set([...fresh, ...f.queue])]
      : [...new Set([...f.queue, ...fresh])]
  }

  /** connected peers, relays first (they seed), then the rest in the order they came */
  private addConnected (f: Fetch): void {
    const relays = [...this.peers].filter(([, i]) => i.relay).map(([p]) => p)
    const others = [...this.peers].filter(([, i]) => !i.relay).map(([p]) => p)
    this.enqueue(f, [...relays, ...others])
  }

  private recentHeld (n: number): string[] {
    return [...this.held.keys()].reverse().slice(0, n)
  }

  private state (f: Fetch, status: JobState): void {
    const key = JSON.stringify(status)
    if (f.lastState === key) return
    f.lastState = key
    for (const job of f.jobs.keys()) this.emit({ type: 'job-state', job, rid: f.rid, status })
  }

  private scheduleWake (): void {
    let at = Math.min(this.catchUpAt, this.reconcileAt)
    for (const f of this.fetches.values()) {
      if (f.relookAt != null && f.relookAt < at) at = f.relookAt
      if (f.againAt != null && f.againAt < at) at = f.againAt
    }
    if (at === this.wokenFor) return
    this.wokenFor = at
    this.out.push({ type: 'wake', at })
  }

  private jitter (ms: number): number {
    return Math.round(ms * (0.8 + 0.4 * this.init.random()))
  }

  private emit (e: Effect): void { this.out.push(e) }
  private log (msg: string, fields: Record<string, unknown>, level?: 'info'): void { this.out.push({ type: 'log', msg, fields, ...(level != null ? { level } : {}) }) }
}
