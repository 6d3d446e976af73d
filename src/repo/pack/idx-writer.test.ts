// The .idx layout, including what only packs over 2 GiB have: offsets of
// 2^31 and more go to a table of 8-byte offsets, flagged by the top bit.
// (Identity with git's own .idx for real packs is in index-pack.test.ts.)
import { describe, expect, it } from 'vitest'
import { writeIdx } from './idx-writer.js'
import { sha1 } from './sha1.js'

describe('writeIdx', () => {
  it('sorts, fans out, and moves large offsets to the 8-byte table', () => {
    const ids = new Uint8Array(3 * 20)
    ids.fill(0xcc, 0, 20) // entry 0
    ids.fill(0x01, 20, 40) // entry 1
    ids.fill(0xcc, 40, 60) // entry 2
    ids[59] = 0xcd
    const offsets = new Float64Array([12, 2 ** 31 + 5, 2 ** 33 + 7])
    const crcs = new Uint32Array([0xdeadbeef, 1, 0x80000000])
    const packChecksum = new Uint8Array(20).fill(0x77)
    const idx = writeIdx({ ids, crcs, offsets, order: [1, 0, 2], packChecksum })
    const v = new DataView(idx.buffer)

    expect(v.getUint32(0)).toBe(0xff744f63)
    expect(v.getUint32(4)).toBe(2)
    const fanout = (b: number): number => v.getUint32(8 + 4 * b)
    expect(fanout(0x00)).toBe(0)
    expect(fanout(0x01)).toBe(1)
    expect(fanout(0xcb)).toBe(1)
    expect(fanout(0xcc)).toBe(3)
    expect(fanout(0xff)).toBe(3)
    const idsAt = 8 + 1024
    expect([...idx.subarray(idsAt, idsAt + 60)]).toEqual([...ids.subarray(20, 40), ...ids.subarray(0, 20), ...ids.subarray(40, 60)])
    const crcAt = idsAt + 60
    expect([0, 1, 2].map(k => v.getUint32(crcAt + 4 * k))).toEqual([1, 0xdeadbeef, 0x80000000])
    const offAt = crcAt + 12
    expect([0, 1, 2].map(k => v.getUint32(offAt + 4 * k))).toEqual([0x80000000, 12, 0x80000001])
    const largeAt = offAt + 12
    expect(v.getUint32(largeAt) * 2 ** 32 + v.getUint32(largeAt + 4)).toBe(2 ** 31 + 5)
    expect(v.getUint32(largeAt + 8) * 2 ** 32 + v.getUint32(largeAt + 12)).toBe(2 ** 33 + 7)
    expect(idx.subarray(largeAt + 16, largeAt + 36)).toEqual(packChecksum)
    expect(idx.subarray(largeAt + 36)).toEqual(sha1(idx.subarray(0, largeAt + 36)))
    expect(idx.length).toBe(largeAt + 56)
  })
})
