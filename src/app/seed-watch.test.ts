// Seed status once changed only on Refresh ("Only this browser" a minute
// after the relay had seeded). The watch asks again by itself when a relay
// answers, when the peers change, and now and then while unsettled.
import { describe, expect, it } from 'vitest'
import { settled, watchSeedStatus } from './seed-watch.js'
import type { SeedStatus } from '../sync/seed-status.js'
import type { SeedStatusView } from './types.js'

const sleep = async (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

function setup (over: { unsettledMs?: number, visible?: () => boolean } = {}) {
  let answers = ''
  let peers = 'relay'
  let holders: SeedStatus[] = []
  let asked = 0
  let inFlight = 0
  let maxInFlight = 0
  const listeners = new Set<() => void>()
  const views: SeedStatusView[] = []
  const ctl = new AbortController()
  const watch = watchSeedStatus({
    ask: async () => {
      asked++
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      await sleep(20)
      inFlight--
      return holders
    },
    answers: () => answers,
    peers: () => peers,
    subscribeNetwork: (fn) => { listeners.add(fn); return () => listeners.delete(fn) },
    onUpdate: (v) => views.push(v),
    signal: ctl.signal,
    visible: over.visible ?? (() => true),
    pollMs: 10,
    settleMs: 10,
    unsettledMs: over.unsettledMs ?? 60_000,
    settledMs: 60_000
  })
  return {
    watch,
    ctl,
    views,
    asked: () => asked,
    maxInFlight: () => maxInFlight,
    relayAnswers: (a: string) => { answers = a },
    peersChange: (p: string) => { peers = p; for (const fn of listeners) fn() },
    holders: (h: SeedStatus[]) => { holders = h },
    listeners
  }
}

describe('live seed status', () => {
  it('asks again when a relay answers an announcement, and shows what it says', async () => {
    const t = setup()
    await sleep(60)
    expect(t.asked()).toBe(1)
    expect(t.views.at(-1)).toMatchObject({ holders: [], asking: false })
    // the relay seeded it: sync records its answer
    t.holders([{ peer: 'relay', relay: true, seq: 1, state: 'up to date' }])
    t.relayAnswers('1234')
    await sleep(80)
    expect(t.asked()).toBe(2)
    expect(t.views.at(-1)?.holders).toEqual([{ peer: 'relay', relay: true, seq: 1, state: 'up to date' }])
    t.ctl.abort()
  })

  it('asks again once the connected peers change and settle, one question at a time', async () => {
    const t = setup()
    await sleep(5)
    t.peersChange('relay,tabA')
    t.peersChange('relay,tabA,tabB')
    t.peersChange('relay,tabA,tabB') // the same peers: nothing to ask
    await sleep(100)
    expect(t.asked()).toBe(2)
    expect(t.maxInFlight()).toBe(1)
    t.ctl.abort()
  })

  it('asks now and then while unsettled and visible, never once stopped', async () => {
    const hidden = setup({ unsettledMs: 30, visible: () => false })
    const t = setup({ unsettledMs: 30 })
    await sleep(200)
    expect(t.asked()).toBeGreaterThanOrEqual(3)
    expect(hidden.asked()).toBe(1)
    t.ctl.abort()
    hidden.ctl.abort()
    const n = t.asked()
    t.relayAnswers('x')
    t.peersChange('other')
    await sleep(60)
    expect(t.asked()).toBe(n)
    expect(t.listeners.size).toBe(0)
  })

  it('calls settled a list where someone has it and every copy is up to date', () => {
    expect(settled([])).toBe(false)
    expect(settled([{ peer: 'r', relay: true, state: 'up to date', seq: 2 }, { peer: 'x', relay: true, state: 'not seeding' }])).toBe(true)
    expect(settled([{ peer: 'r', relay: true, state: 'up to date', seq: 2 }, { peer: 't', relay: false, state: 'behind', seq: 1 }])).toBe(false)
  })
})
