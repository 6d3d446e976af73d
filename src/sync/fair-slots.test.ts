import { describe, expect, it } from 'vitest'
import { FairSlots, Seats } from './fair-slots.js'

describe('FairSlots', () => {
  it('serves waiting keys in turn, so a crowd on one key does not go first', async () => {
    const s = new FairSlots({ limit: 1, perKeyQueue: 100, maxQueue: 100 })
    const first = await s.acquire('crowd')
    const order: string[] = []
    const waiters: Array<Promise<void>> = []
    const wait = (key: string, name: string): void => {
      waiters.push(s.acquire(key).then(release => { order.push(name); release!() }))
    }
    for (let i = 0; i < 5; i++) wait('crowd', `crowd${i}`)
    wait('honest', 'honest')
    first!()
    await Promise.all(waiters)
    // one of the crowd (the earliest), then the honest peer, then the rest
    expect(order).toEqual(['crowd0', 'honest', 'crowd1', 'crowd2', 'crowd3', 'crowd4'])
  })

  it('refuses past the per-key and total queues, and drops aborted waiters', async () => {
    const s = new FairSlots({ limit: 1, perKeyQueue: 2, maxQueue: 3 })
    const r = await s.acquire('a')
    const a1 = s.acquire('a')
    void s.acquire('a')
    expect(await s.acquire('a')).toBeUndefined()
    const ctl = new AbortController()
    const b1 = s.acquire('b', ctl.signal)
    expect(await s.acquire('c')).toBeUndefined()
    ctl.abort()
    await expect(b1).rejects.toBeDefined()
    expect(s.waiters).toBe(2)
    r!()
    const ra1 = await a1
    expect(s.running).toBe(1)
    ra1!()
    ra1!() // twice frees one slot only
  })
})

describe('Seats', () => {
  it('caps seats per key and in all', () => {
    const s = new Seats(3, 2)
    const a = s.take('a')
    const a2 = s.take('a')
    expect(s.take('a')).toBeUndefined()
    const b = s.take('b')
    expect(s.take('c')).toBeUndefined()
    a!()
    a!()
    expect(s.take('a')).toBeTypeOf('function')
    expect(s.taken).toBe(3)
    a2!(); b!()
  })
})
