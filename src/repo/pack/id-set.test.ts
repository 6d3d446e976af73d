import { describe, expect, it } from 'vitest'
import { oidToHex } from './hex.js'
import { IdSet } from './id-set.js'

describe('IdSet', () => {
  it('holds each id once, however many times it is added', () => {
    const set = new IdSet()
    const ids = new Uint8Array(20 * 5000).map((_, i) => (i * 2654435761) >>> 13)
    const expected = new Set<string>()
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 5000; i += round + 1) {
        set.add(ids, i * 20)
        expected.add(oidToHex(ids, i * 20))
      }
    }
    expect(set.size).toBe(expected.size)
    expect(set.toHexSet()).toEqual(expected)
  })

  it('copes with ids that share their leading bytes', () => {
    const set = new IdSet()
    const id = new Uint8Array(20)
    for (let i = 0; i < 3000; i++) {
      id[19] = i & 0xff
      id[18] = i >> 8
      set.add(id, 0)
      set.add(id, 0)
    }
    expect(set.size).toBe(3000)
  })
})
