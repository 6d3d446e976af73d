// Anti-entropy, simulated: peers reconcile what they hold with their relays
// every ~minute (a digest first) and at once on a sequence gap, so an
// announcement lost on the way (gossip and the direct announcement both)
// is healed within one interval; a round where nothing changed costs one
// small message each way.
import { describe, expect, it } from 'vitest'
import { Simulator } from './simulator.js'
import type { SimPeer } from './simulator.js'

const RID = 'bafkreirepo'
const OTHER = 'bafkreiother'
const SEC = 1000
const MIN = 60 * SEC
const NEVER = 1e12

/** two relays linked, 40 tabs split between them, all holding RID at 1; nothing is compared except by reconciliation */
function network (opts: { reconcile: boolean, drop: (kind: 'gossip' | 'announce', from: string, to: string, rid: string) => boolean }): Simulator {
  const sim = new Simulator({ seed: 21, drop: opts.drop })
  const every = opts.reconcile ? undefined : NEVER
  for (const r of ['relay0', 'relay1']) sim.add(r, { relay: true, holds: { [RID]: 1 }, wants: () => true, catchUpEvery: NEVER, reconcileEvery: every })
  sim.connect('relay0', 'relay1')
  for (let i = 0; i < 40; i++) {
    sim.add(`tab${i}`, { holds: { [RID]: 1 }, catchUpEvery: NEVER, reconcileEvery: every })
    sim.connect(`tab${i}`, `relay${i % 2}`)
  }
  return sim
}

const allAt = (sim: Simulator, seq: number): boolean => [...sim.peers.values()].every(p => p.holds.get(RID) === seq)

describe('anti-entropy, simulated', () => {
  it('heals an announcement dropped on the wire (gossip and direct) within one interval, for every peer', () => {
    // the author's commit never leaves it: its gossip and its announcement to its relay are lost
    let first = true
    const drop = (_kind: string, from: string, _to: string, rid: string): boolean => first && from === 'tab0' && rid === RID
    const sim = network({ reconcile: true, drop })
    sim.runUntil(() => false, 2 * SEC)
    // the first rounds register each peer's list with its relay
    sim.runUntil(() => false, 70 * SEC)
    const start = sim.now
    sim.peer('tab0').commit(RID)
    first = false
    expect(sim.stats.dropped + sim.stats.lost).toBeGreaterThan(0)
    expect(sim.runUntil(() => allAt(sim, 2), MIN + 5 * SEC)).toBe(true)
    // one round of the author with its relay (≤ 60 s) and the relay's publish of what it found
    expect(sim.now - start).toBeLessThanOrEqual(MIN + 5 * SEC)
  })

  it('without reconciliation the same loss is never healed (the test above is not vacuous)', () => {
    let first = true
    const drop = (_kind: string, from: string, _to: string, rid: string): boolean => first && from === 'tab0' && rid === RID
    const sim = network({ reconcile: false, drop })
    sim.runUntil(() => false, 72 * SEC)
    sim.peer('tab0').commit(RID)
    first = false
    expect(sim.runUntil(() => allAt(sim, 2), 20 * MIN)).toBe(false)
  })

  it('a round where nothing changed is one message each way, of a few bytes', () => {
    const sim = network({ reconcile: true, drop: () => false })
    // registration rounds first
    sim.runUntil(() => false, 2 * MIN)
    const before = { ...sim.stats }
    sim.runUntil(() => false, 10 * MIN)
    const rounds = sim.stats.reconciles - before.reconciles
    // 42 peers, one round with each relay neighbour about every 40 s
    expect(rounds).toBeGreaterThan(40 * 10)
    expect((sim.stats.reconcileMessages - before.reconcileMessages) / rounds).toBe(2)
    expect((sim.stats.reconcileBytes - before.reconcileBytes) / rounds).toBeLessThanOrEqual(20)
    expect(sim.stats.fetches - before.fetches).toBe(0)
  })

  it('a sequence gap reconciles at once: news of 3 over 1 brings the other lost update too', () => {
    const run = (gapSeq: number): { other: number | undefined, at: number, reconciles: number } => {
      const sim = new Simulator({ seed: 4 })
      sim.add('relay', { relay: true, holds: { [RID]: 2, [OTHER]: 2 }, wants: () => true })
      const tab: SimPeer = sim.add('tab', { holds: { [RID]: 1, [OTHER]: 1 }, catchUpEvery: NEVER, catchUpWith: () => false })
      sim.add('author', { holds: { [RID]: gapSeq }, catchUpEvery: NEVER })
      sim.connect('tab', 'relay')
      sim.connect('tab', 'author')
      // less than one interval in: no periodic round has run yet (the
      // first comes 40-60 s after start), and the connect catch-up is off
      sim.runUntil(() => false, 500)
      const before = tab.effects.filter(e => e.type === 'reconcile').length
      tab.deliver({ type: 'news', rid: RID, seq: gapSeq, from: 'author', via: 'author' })
      const start = sim.now
      sim.runUntil(() => tab.holds.get(OTHER) === 2, 5 * SEC)
      return { other: tab.holds.get(OTHER), at: sim.now - start, reconciles: tab.effects.filter(e => e.type === 'reconcile').length - before }
    }
    const gap = run(3)
    expect(gap.reconciles).toBe(1)
    expect(gap.other).toBe(2)
    expect(gap.at).toBeLessThan(2 * SEC)
    // news of the next sequence number is no gap: no round before the timer
    const next = run(2)
    expect(next.reconciles).toBe(0)
    expect(next.other).toBe(1)
  })
})
