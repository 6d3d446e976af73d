import { describe, expect, it } from 'vitest'
import { Slots } from './slots.js'

describe('Slots', () => {
  it('runs at most `limit` at once, in arrival order, and refuses past the queue', async () => {
    const s = new Slots(2, 2)
    const r1 = await s.acquire()
    const r2 = await s.acquire()
    const order: number[] = []
    const p3 = s.acquire().then(r => { order.push(3); return r })
    const p4 = s.acquire().then(r => { order.push(4); return r })
    expect(await s.acquire()).toBeUndefined()
    expect(s.queued).toBe(2)
    r1!()
    r1!() // releasing twice frees one slot only
    const r3 = await p3
    expect(order).toEqual([3])
    r2!()
    await p4
    expect(order).toEqual([3, 4])
    r3!()
  })
  it('drops a waiter whose signal aborts', async () => {
    const s = new Slots(1, 5)
    const r1 = await s.acquire()
    const ctl = new AbortController()
    const p = s.acquire(ctl.signal)
    ctl.abort()
    await expect(p).rejects.toBeDefined()
    expect(s.queued).toBe(0)
    r1!()
    expect(await s.acquire()).toBeTypeOf('function')
  })
})
