import { describe, expect, it } from 'vitest'
import { OffenceLedger, RequestBudget } from './budget.js'
import { planFetch } from './plan.js'

describe('request budget', () => {
  it('allows a burst, refuses past it, and refills with time', () => {
    let now = 0
    const b = new RequestBudget({ burst: 3, perSecond: 1, now: () => now })
    expect([b.take('p'), b.take('p'), b.take('p'), b.take('p')]).toEqual([true, true, true, false])
    expect(b.take('q')).toBe(true)
    now = 1000
    expect(b.take('p')).toBe(true)
    expect(b.take('p')).toBe(false)
  })
})

describe('offence ledger', () => {
  it('disconnects at once for forgery, after repeats for stale replays, and forgives with time', () => {
    let now = 0
    const l = new OffenceLedger(10, 60_000, () => now)
    expect(l.record('a', 'forged-signature')).toBe(true)
    expect(l.record('b', 'stale-sequence')).toBe(false)
    expect(l.record('b', 'stale-sequence')).toBe(false)
    expect(l.record('b', 'stale-sequence')).toBe(true)
    now = 10 * 60_000
    expect(l.record('b', 'stale-sequence')).toBe(false)
  })
})

describe('planFetch', () => {
  const a = 'a'.repeat(40); const b = 'b'.repeat(40); const c = 'c'.repeat(40)
  it('wants what the remote points at and we do not, and offers our tips as haves', () => {
    expect(planFetch({ 'refs/heads/main': a }, { 'refs/heads/main': b, 'refs/tags/v1': a })).toEqual({ wants: [b], haves: [a], upToDate: false })
  })
  it('is up to date when every remote tip is known', () => {
    expect(planFetch({ 'refs/heads/main': a, 'refs/heads/x': b }, { 'refs/heads/main': b })).toEqual({ wants: [], haves: [a, b], upToDate: true })
    expect(planFetch({}, { 'refs/heads/main': c }, oid => oid === c).upToDate).toBe(true)
  })
  it('wants everything for a clone', () => {
    expect(planFetch(undefined, { 'refs/heads/main': a, 'refs/heads/dev': a, 'refs/tags/t': b })).toEqual({ wants: [a, b], haves: [], upToDate: false })
  })
})
