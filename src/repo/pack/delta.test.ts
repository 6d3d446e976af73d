// Git's delta format: building results, and refusing deltas that don't fit
// their base or describe a different result than they declare.
import { describe, expect, it } from 'vitest'
import { applyDelta } from './delta.js'
import { PackError } from './pack-error.js'

function varint (n: number): number[] {
  const out = []
  do {
    let b = n & 0x7f
    n = Math.floor(n / 128)
    if (n > 0) b |= 0x80
    out.push(b)
  } while (n > 0)
  return out
}

/** A copy instruction, with only the non-zero offset and size bytes present, as git writes them. */
function copy (offset: number, size: number): number[] {
  let op = 0x80
  const args = []
  for (let i = 0; i < 4; i++) {
    const b = (offset >>> (8 * i)) & 0xff
    if (b !== 0) { op |= 1 << i; args.push(b) }
  }
  const s = size === 0x10000 ? 0 : size
  for (let i = 0; i < 3; i++) {
    const b = (s >>> (8 * i)) & 0xff
    if (b !== 0) { op |= 0x10 << i; args.push(b) }
  }
  return [op, ...args]
}

const insert = (text: string): number[] => [text.length, ...new TextEncoder().encode(text)]
const delta = (baseSize: number, resultSize: number, ...ops: number[][]): Uint8Array =>
  new Uint8Array([...varint(baseSize), ...varint(resultSize), ...ops.flat()])
const text = (b: Uint8Array): string => new TextDecoder().decode(b)

describe('applyDelta', () => {
  const base = new TextEncoder().encode('the quick brown fox jumps over the lazy dog')

  it('copies from the base and inserts new bytes', () => {
    const d = delta(base.length, 37, copy(0, 10), insert('red'), copy(15, 24))
    expect(text(applyDelta(base, d))).toBe('the quick red fox jumps over the lazy')
  })

  it('reads a copy size of 0 as 65536, and long offsets and sizes', () => {
    const big = new Uint8Array(0x30000).map((_, i) => i * 7)
    const out = applyDelta(big, delta(big.length, 0x10000 + 0x12345, copy(0x100, 0x10000), copy(0x10203, 0x12345)))
    expect(Buffer.from(out.subarray(0, 0x10000)).equals(big.subarray(0x100, 0x10100))).toBe(true)
    expect(Buffer.from(out.subarray(0x10000)).equals(big.subarray(0x10203, 0x10203 + 0x12345))).toBe(true)
  })

  it('writes into the buffer it is given', () => {
    const buffer = new Uint8Array(100)
    const out = applyDelta(base, delta(base.length, 3, copy(4, 3)), n => buffer.subarray(0, n))
    expect(out.buffer).toBe(buffer.buffer)
    expect(text(out)).toBe('qui')
  })

  const refuse = (d: Uint8Array, message: RegExp): void => {
    expect(() => applyDelta(base, d)).toThrow(PackError)
    expect(() => applyDelta(base, d)).toThrow(message)
  }

  it('refuses a delta for a base of another size', () => {
    refuse(delta(base.length + 1, 3, copy(0, 3)), /base/)
  })

  it('refuses copies from outside the base', () => {
    refuse(delta(base.length, 10, copy(base.length - 5, 10)), /outside/)
  })

  it('refuses a result of another size than declared', () => {
    refuse(delta(base.length, 11, copy(0, 10)), /produces 10 bytes/)
    refuse(delta(base.length, 9, copy(0, 10)), /more than/)
  })

  it('refuses truncated deltas and the reserved instruction 0', () => {
    refuse(new Uint8Array([0x80]), /truncated/)
    refuse(delta(base.length, 10, [0x91, 0x01]), /truncated/) // copy missing its size byte
    refuse(delta(base.length, 5, [5, 0x61, 0x62]), /truncated/) // insert of 5 with 2 bytes
    refuse(delta(base.length, 1, [0]), /invalid/)
  })

  it('refuses sizes beyond the cap before allocating', () => {
    refuse(new Uint8Array([...varint(base.length), ...varint(2 ** 31)]), /size over/)
  })
})
