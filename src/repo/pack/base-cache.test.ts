// The ring of recent objects: whatever it answers must be exactly what was
// put, however objects of all sizes wrap around and evict each other.
import { describe, expect, it } from 'vitest'
import { BaseCache } from './base-cache.js'
import { mulberry32 as prng } from '../../../test/fixtures/prng.js'

describe('BaseCache', () => {
  it('returns what was put, or nothing, never stale bytes', () => {
    for (const budget of [0, 1, 100, 5000, 200_000]) {
      const rand = prng(budget + 1)
      const n = 2000
      const cache = new BaseCache(n, budget)
      const contents: Uint8Array[] = []
      let hits = 0
      for (let i = 0; i < n; i++) {
        const size = rand() < 0.05 ? Math.floor(rand() * 3 * budget) : Math.floor(rand() * 200)
        const data = new Uint8Array(size)
        const seed = Math.floor(rand() * 256)
        for (let k = 0; k < size; k++) data[k] = (seed + k * 7 + (k >> 8)) & 0xff
        contents.push(data)
        cache.put(i, data)
        // ask about some recent and some older ones
        for (let k = 0; k < 3; k++) {
          const j = Math.max(0, i - Math.floor(rand() * (k === 0 ? 5 : 500)))
          const got = cache.get(j)
          if (got != null) {
            hits++
            expect(Buffer.from(got).equals(contents[j])).toBe(true)
          }
        }
      }
      // the most recent object is always there if it fits
      if (budget >= 200) expect(hits).toBeGreaterThan(1000)
    }
  })

  it('keeps nothing larger than its budget, and nothing after clear', () => {
    const cache = new BaseCache(3, 10)
    cache.put(0, new Uint8Array(11))
    expect(cache.get(0)).toBeUndefined()
    cache.put(1, new Uint8Array(10).fill(1))
    expect(cache.get(1)).toEqual(new Uint8Array(10).fill(1))
    cache.clear()
    expect(cache.get(1)).toBeUndefined()
  })
})
