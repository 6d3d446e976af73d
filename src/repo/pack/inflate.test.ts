// The inflaters, pako's and libdeflate's in wasm (which hands pako what it
// does not take): exact sizes, where each stream ends, and refusals.
import crypto from 'node:crypto'
import zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { pakoInflater } from './inflate.js'
import { PackError } from './pack-error.js'
import { wasmInflateAvailable, wasmInflater } from './wasm-inflate.js'
import type { InflateFn } from './inflate.js'

describe.each<[string, () => InflateFn]>([['pakoInflater', pakoInflater], ['wasmInflater', wasmInflater]])('%s', (_name, newInflater) => {
  it('inflates back-to-back streams and says where each ends', () => {
    const inflate = newInflater()
    const originals = [0, 1, 100, 257, 258, 259, 5000, 70_000].map(n => n % 2 === 0 ? crypto.randomBytes(n) : Buffer.alloc(n, 'ab'))
    const streams = originals.map((o, i) => zlib.deflateSync(o, { level: i % 10 }))
    const input = new Uint8Array(Buffer.concat([Buffer.from('xx'), ...streams, Buffer.from('trailer')]))
    let at = 2
    originals.forEach((o, i) => {
      const { data, end } = inflate(input, at, input.length, o.length, i % 2 === 0)
      expect(Buffer.from(data).equals(o)).toBe(true)
      expect(end).toBe(at + streams[i].length)
      at = end
    })
  })

  it('refuses a stream that inflates to another size than declared', () => {
    const inflate = newInflater()
    const s = new Uint8Array(zlib.deflateSync(Buffer.alloc(1000, 'x')))
    expect(() => inflate(s, 0, s.length, 999, true)).toThrow(/inflates to 1000 bytes, its header says 999/)
    expect(() => inflate(s, 0, s.length, 1001, true)).toThrow(/inflates to 1000 bytes, its header says 1001/)
    const long = new Uint8Array(zlib.deflateSync(Buffer.alloc(5000, 'x')))
    expect(() => inflate(long, 0, long.length, 1000, true)).toThrow(/more than the 1000 bytes/)
  })

  it('refuses truncated and damaged streams, and keeps working after', () => {
    const inflate = newInflater()
    const original = crypto.randomBytes(3000)
    const s = new Uint8Array(zlib.deflateSync(original))
    expect(() => inflate(s, 0, s.length - 3, 3000, true)).toThrow(/truncated/)
    const bad = s.slice()
    bad[s.length - 1] ^= 1 // the adler-32
    expect(() => inflate(bad, 0, bad.length, 3000, true)).toThrow(/damaged/)
    const header = s.slice()
    header[0] = 0x12
    expect(() => inflate(header, 0, header.length, 3000, true)).toThrow(PackError)
    expect(Buffer.from(inflate(s, 0, s.length, 3000, true).data).equals(original)).toBe(true)
  })
})

describe('wasmInflater', () => {
  it('runs libdeflate here (in Node), not pako', () => {
    expect(wasmInflateAvailable()).toBe(true)
  })

  it('inflates a stream longer than it copies in (empty stored blocks first), through pako', () => {
    const original = Buffer.from('hello, stored blocks')
    const empty = Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]) // BFINAL 0, stored, LEN 0, NLEN ~0
    const adler = Buffer.alloc(4)
    adler.writeUInt32BE(adler32(original))
    const stream = Buffer.concat([Buffer.from([0x78, 0x01]), ...Array(100).fill(empty), zlib.deflateRawSync(original), adler])
    expect(Buffer.from(zlib.inflateSync(stream)).equals(original)).toBe(true) // a valid zlib stream
    const input = new Uint8Array(Buffer.concat([stream, Buffer.from('next entry')]))
    const { data, end } = wasmInflater()(input, 0, input.length, original.length, false)
    expect(Buffer.from(data).equals(original)).toBe(true)
    expect(end).toBe(stream.length)
  })

  it('grows for a large object, and results that are not transient outlive later calls', () => {
    const inflate = wasmInflater()
    const huge = Buffer.alloc(17 << 20, 'h') // past what wasm takes: pako's
    const sHuge = new Uint8Array(zlib.deflateSync(huge))
    expect(Buffer.from(inflate(sHuge, 0, sHuge.length, huge.length, false).data).equals(huge)).toBe(true)
    const big = crypto.randomBytes(3 << 20)
    const small = Buffer.alloc(10_000, 'z')
    const sBig = new Uint8Array(zlib.deflateSync(big))
    const sSmall = new Uint8Array(zlib.deflateSync(small))
    const kept = inflate(sSmall, 0, sSmall.length, small.length, false).data
    expect(Buffer.from(inflate(sBig, 0, sBig.length, big.length, true).data).equals(big)).toBe(true)
    expect(Buffer.from(inflate(sSmall, 0, sSmall.length, small.length, true).data).equals(small)).toBe(true)
    expect(Buffer.from(kept).equals(small)).toBe(true)
  })
})

function adler32 (b: Uint8Array): number {
  let a = 1
  let s = 0
  for (const x of b) { a = (a + x) % 65521; s = (s + a) % 65521 }
  return ((s << 16) | a) >>> 0
}
