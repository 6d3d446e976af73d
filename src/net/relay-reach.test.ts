// The header once said "Connecting…" for as long as the relay was down;
// the README promises "Offline". Offline as soon as every relay it knows
// failed once since it lost them, with each one's error and the next try.
import { describe, expect, it } from 'vitest'
import { nextTryText, relayReach } from './relay-reach.js'
import type { ReachInput } from './relay-reach.js'

const A = '/ip4/127.0.0.1/tcp/8081/ws/p2p/relayA'
const A2 = '/ip4/10.0.0.1/tcp/8081/ws/p2p/relayA'
const B = '/ip4/127.0.0.1/tcp/9081/ws/p2p/relayB'
const base: ReachInput = { connected: false, online: true, targets: [{ peer: 'relayA', addr: A }], failures: [], since: 1000, lookedUp: true, now: 2000 }

describe('relay reach', () => {
  it('is connected while a relay connection is open, whatever failed before', () => {
    expect(relayReach({ ...base, connected: true, failures: [{ peer: 'relayA', addr: A, error: 'x', at: 1500 }] })).toEqual({ state: 'connected', tried: [] })
  })

  it('is connecting until the relay was tried, then offline with its error and the next try', () => {
    expect(relayReach(base).state).toBe('connecting')
    const r = relayReach({ ...base, failures: [{ peer: 'relayA', addr: A, error: 'connection refused', at: 1600 }], nextTry: 3000 })
    expect(r).toEqual({ state: 'offline', reason: 'the relay could not be reached', tried: [{ peer: 'relayA', addr: A, error: 'connection refused', at: 1600 }], nextTry: 3000 })
  })

  it('counts only failures since the relays were lost', () => {
    const stale = [{ peer: 'relayA', addr: A, error: 'old', at: 900 }]
    expect(relayReach({ ...base, failures: stale }).state).toBe('connecting')
  })

  it('waits for every relay, and every address of each, before saying offline', () => {
    const targets = [{ peer: 'relayA', addr: A }, { peer: 'relayA', addr: A2 }, { peer: 'relayB', addr: B }]
    const failA = { peer: 'relayA', addr: A, error: 'refused', at: 1100 }
    const failA2 = { peer: 'relayA', addr: A2, error: 'timed out', at: 1200 }
    const failB = { peer: 'relayB', addr: B, error: 'refused', at: 1300 }
    expect(relayReach({ ...base, targets, failures: [failA, failB] }).state).toBe('connecting')
    const all = relayReach({ ...base, targets, failures: [failA2, failB, failA] })
    expect(all.state).toBe('offline')
    expect(all.reason).toBe('none of the 2 relays could be reached')
    // the last error of each relay, in the order they are dialled
    expect(all.tried).toEqual([failA2, failB])
  })

  it('after a dial timeout, one failed address per relay is enough (the others may hang)', () => {
    const targets = [{ peer: 'relayA', addr: A }, { peer: 'relayA', addr: A2 }]
    const failures = [{ peer: 'relayA', addr: A, error: 'refused', at: 1100 }]
    expect(relayReach({ ...base, targets, failures, now: 8999 }).state).toBe('connecting')
    expect(relayReach({ ...base, targets, failures, now: 9000 }).state).toBe('offline')
  })

  it('is offline at once when the browser is, or when no relay is known once the lookup ended', () => {
    expect(relayReach({ ...base, online: false })).toMatchObject({ state: 'offline', reason: 'this device has no network connection' })
    expect(relayReach({ ...base, targets: [] })).toMatchObject({ state: 'offline', reason: expect.stringMatching(/^no relay known/) })
    expect(relayReach({ ...base, targets: [], lookedUp: false }).state).toBe('connecting')
  })

  it('says when the next try is', () => {
    expect(nextTryText(5000, 3100)).toBe('next try in 2 s')
    expect(nextTryText(3000, 3100)).toBe('trying again now')
    expect(nextTryText(undefined, 3100)).toBeUndefined()
  })
})
