// The sync state machine's decisions, driven by the simulator: many peers,
// latency, lost gossip, disconnects and liars, in simulated time.
import { describe, expect, it } from 'vitest'
import { Simulator } from './simulator.js'

const RID = 'bafkreirepo'
const MIN = 60_000

describe('sync decisions, simulated', () => {
  it('50 peers converge on an announcement, though gossip loses 30% of messages', () => {
    const sim = new Simulator({ seed: 7, gossipLoss: 0.3 })
    sim.add('relay', { relay: true, holds: { [RID]: 1 }, wants: () => true })
    for (let i = 0; i < 49; i++) {
      sim.add(`tab${i}`, { holds: { [RID]: 1 } })
      sim.connect(`tab${i}`, 'relay')
      // and a few tab-to-tab links
      if (i > 0 && i % 3 === 0) sim.connect(`tab${i}`, `tab${i - 2}`)
    }
    sim.runUntil(() => false, 2000)
    sim.peer('tab0').commit(RID)
    const all = (): boolean => [...sim.peers.values()].every(p => p.holds.get(RID) === 2)
    // gossip gets most of the way; catching up with a neighbour every few
    // minutes brings the rest
    expect(sim.runUntil(all, 20 * MIN)).toBe(true)
    expect(sim.stats.lost).toBeGreaterThan(0)
  })

  it('without periodic catch-up and reconciliation, lost gossip is never recovered (the check above is not vacuous)', () => {
    const sim = new Simulator({ seed: 7, gossipLoss: 0.3 })
    const never = 1e12
    sim.add('relay', { relay: true, holds: { [RID]: 1 }, wants: () => true, catchUpEvery: never, reconcileEvery: never })
    for (let i = 0; i < 49; i++) {
      sim.add(`tab${i}`, { holds: { [RID]: 1 }, catchUpEvery: never, reconcileEvery: never })
      sim.connect(`tab${i}`, 'relay')
    }
    sim.runUntil(() => false, 2000)
    sim.peer('tab0').commit(RID)
    const all = (): boolean => [...sim.peers.values()].every(p => p.holds.get(RID) === 2)
    expect(sim.runUntil(all, 20 * MIN)).toBe(false)
  })

  it('completes a clone from another provider when the first vanishes mid-pack', () => {
    const sim = new Simulator({ seed: 3, transferMs: 1000 })
    sim.add('a', { holds: { [RID]: 4 } })
    sim.add('c', { holds: { [RID]: 4 } })
    const b = sim.add('b')
    sim.connect('b', 'a')
    sim.connect('b', 'c')
    sim.runUntil(() => false, 500)
    b.want('clone', RID, { retryInterrupted: true, eager: true })
    // a is asked first; it goes away while sending
    expect(sim.runUntil(() => b.lastOf('clone')?.status?.state === 'fetching', 1000)).toBe(true)
    const first = (b.lastOf('clone')?.status as { peer: string }).peer
    sim.leave(first)
    expect(sim.runUntil(() => b.lastOf('clone')?.done != null, MIN)).toBe(true)
    expect(b.lastOf('clone')?.done).toBe('cloned')
    expect(b.holds.get(RID)).toBe(4)
    // it was tried once more (the link might have come back), then the other
    const asked = b.effects.filter(e => e.type === 'fetch').map(e => (e as { peer: string }).peer)
    expect(asked).toEqual([first, first, first === 'a' ? 'c' : 'a'])
  })

  it('cuts off a liar and gets the repository from an honest peer', () => {
    const sim = new Simulator({ seed: 5 })
    sim.add('liar', { liar: true })
    sim.add('honest', { holds: { [RID]: 2 } })
    const b = sim.add('b')
    // the liar connected first, so it is asked first
    sim.connect('b', 'liar')
    sim.runUntil(() => false, 500)
    sim.connect('b', 'honest')
    sim.runUntil(() => false, 500)
    b.want('clone', RID, { retryInterrupted: true })
    expect(sim.runUntil(() => b.lastOf('clone')?.done != null, MIN)).toBe(true)
    expect(b.machine.isBanned('liar')).toBe(true)
    expect(sim.linked('b', 'liar')).toBe(false)
    // a second clone never asks it again, even when it reconnects
    sim.connect('b', 'liar')
    sim.runUntil(() => false, 1000)
    expect(sim.linked('b', 'liar')).toBe(false)
    b.holds.delete(RID)
    b.deliver({ type: 'removed', rid: RID })
    b.want('again', RID)
    expect(sim.runUntil(() => b.lastOf('again')?.done != null, MIN)).toBe(true)
    const asked = b.effects.filter(e => e.type === 'fetch').map(e => (e as { peer: string }).peer)
    expect(asked.filter(p => p === 'liar')).toHaveLength(1)
  })

  it('a clone whose only holder leaves says it is waiting, keeps looking, and completes when the holder comes back', () => {
    const sim = new Simulator({ seed: 9, transferMs: 2000 })
    sim.add('holder', { holds: { [RID]: 3 } })
    const b = sim.add('b')
    sim.connect('b', 'holder')
    sim.runUntil(() => false, 500)
    b.want('clone', RID, { patient: true, retryInterrupted: true })
    sim.runUntil(() => b.lastOf('clone')?.status?.state === 'fetching', 1000)
    sim.leave('holder')
    expect(sim.runUntil(() => b.lastOf('clone')?.status?.state === 'waiting', MIN)).toBe(true)
    // ten minutes later it is still waiting, not failed, and has looked again
    sim.runUntil(() => false, 10 * MIN)
    expect(b.lastOf('clone')?.failed).toBeUndefined()
    expect(b.effects.filter(e => e.type === 'find-providers').length).toBeGreaterThan(3)
    sim.rejoin('holder', ['b'])
    expect(sim.runUntil(() => b.lastOf('clone')?.done != null, MIN)).toBe(true)
    expect(b.holds.get(RID)).toBe(3)
  })

  it('an impatient clone fails when nobody has the repository, and says nobody did', () => {
    const sim = new Simulator({ seed: 11 })
    sim.add('other')
    const b = sim.add('b')
    sim.connect('b', 'other')
    sim.runUntil(() => false, 500)
    b.want('clone', RID)
    expect(sim.runUntil(() => b.lastOf('clone')?.failed != null, MIN)).toBe(true)
    expect(b.lastOf('clone')?.failed).toBe('nobody')
  })

  it('a relay seeds what tabs tell it directly, and tabs catch up from it after they were away', () => {
    const sim = new Simulator({ seed: 13, gossipLoss: 1 }) // no gossip at all
    sim.add('relay', { relay: true, wants: () => true })
    const author = sim.add('author', { holds: { [RID]: 1 } })
    sim.connect('author', 'relay')
    expect(sim.runUntil(() => sim.peer('relay').holds.get(RID) === 1, MIN)).toBe(true)
    const reader = sim.add('reader')
    sim.connect('reader', 'relay')
    sim.runUntil(() => false, 500)
    reader.want('clone', RID)
    expect(sim.runUntil(() => reader.holds.get(RID) === 1, MIN)).toBe(true)
    sim.disconnect('reader', 'relay')
    author.commit(RID)
    expect(sim.runUntil(() => sim.peer('relay').holds.get(RID) === 2, MIN)).toBe(true)
    sim.connect('reader', 'relay')
    expect(sim.runUntil(() => reader.holds.get(RID) === 2, MIN)).toBe(true)
  })

  it('news from the peer being fetched from, arriving during the fetch, asks it again at once (changes in quick succession)', () => {
    const sim = new Simulator({ seed: 17, transferMs: 1000 })
    const author = sim.add('author', { holds: { [RID]: 1 } })
    const reader = sim.add('reader', { holds: { [RID]: 1 } })
    sim.connect('reader', 'author')
    sim.runUntil(() => false, 500)
    author.commit(RID)
    expect(sim.runUntil(() => reader.effects.some(e => e.type === 'fetch'), 1000)).toBe(true)
    // a second change while the first is on its way: the pack in flight lacks it
    author.commit(RID)
    const at = sim.now
    expect(sim.runUntil(() => reader.holds.get(RID) === 3, MIN)).toBe(true)
    // one transfer more, not a retry timer's wait (2 s and up)
    expect(sim.now - at).toBeLessThan(1900)
    expect(reader.effects.filter(e => e.type === 'fetch').map(e => (e as { peer: string }).peer)).toEqual(['author', 'author'])
  })

  it('an announcement that arrives while the relay fetches an older one is fetched too (a repository made, then an issue at once)', () => {
    const sim = new Simulator({ seed: 19, gossipLoss: 1, transferMs: 1000 }) // no gossip: announcements only
    sim.add('relay', { relay: true, wants: () => true })
    const author = sim.add('author', { holds: { [RID]: 1 } })
    sim.connect('author', 'relay')
    expect(sim.runUntil(() => sim.peer('relay').effects.some(e => e.type === 'fetch'), MIN)).toBe(true)
    // two changes while the first pack is on its way
    author.commit(RID)
    author.commit(RID)
    const at = sim.now
    expect(sim.runUntil(() => sim.peer('relay').holds.get(RID) === 3, MIN)).toBe(true)
    // asked again as soon as the first fetch ended, not at the next reconcile round
    expect(sim.now - at).toBeLessThan(5000)
  })

  it('never asks one peer for two things at once (its pack server would count it against us)', () => {
    const sim = new Simulator({ seed: 17, transferMs: 500 })
    const rids = Array.from({ length: 10 }, (_, i) => `${RID}${i}`)
    sim.add('relay', { relay: true, holds: Object.fromEntries(rids.map(r => [r, 2])) })
    const tab = sim.add('tab', { holds: Object.fromEntries(rids.map(r => [r, 1])) })
    let most = 0
    let running = 0
    const deliver = tab.deliver.bind(tab)
    tab.deliver = (e) => {
      if (e.type === 'fetched' || e.type === 'fetch-failed') running--
      deliver(e)
    }
    const carryOut = sim.carryOut.bind(sim)
    sim.carryOut = (p, e) => {
      if (p === tab && e.type === 'fetch') most = Math.max(most, ++running)
      carryOut(p, e)
    }
    sim.connect('tab', 'relay')
    expect(sim.runUntil(() => rids.every(r => tab.holds.get(r) === 2), MIN)).toBe(true)
    expect(most).toBe(1)
  })
})
