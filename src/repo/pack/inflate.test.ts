// The pako inflater: exact sizes, where each stream ends, and refusals.
import crypto from 'node:crypto'
import zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { pakoInflater } from './inflate.js'
import { PackError } from './pack-error.js'

describe('pakoInflater', () => {
  it('inflates back-to-back streams and says where each ends', () => {
    const inflate = pakoInflater()
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
    const inflate = pakoInflater()
    const s = new Uint8Array(zlib.deflateSync(Buffer.alloc(1000, 'x')))
    expect(() => inflate(s, 0, s.length, 999, true)).toThrow(/inflates to 1000 bytes, its header says 999/)
    expect(() => inflate(s, 0, s.length, 1001, true)).toThrow(/inflates to 1000 bytes, its header says 1001/)
    const long = new Uint8Array(zlib.deflateSync(Buffer.alloc(5000, 'x')))
    expect(() => inflate(long, 0, long.length, 1000, true)).toThrow(/more than the 1000 bytes/)
  })

  it('refuses truncated and damaged streams, and keeps working after', () => {
    const inflate = pakoInflater()
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
