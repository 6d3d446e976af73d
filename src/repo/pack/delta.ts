// Git's delta format (gitformat-pack "Deltified representation"): two
// little-endian base-128 sizes (base, result), then instructions that either
// copy a range of the base or insert literal bytes from the delta itself.
// The instructions are checked in a first pass (bounds, total size) before the
// result is allocated, so a small hostile delta can't make us allocate a
// large buffer it then fails to fill.
import { MAX_OBJECT_SIZE } from './pack-reader.js'
import { PackError } from './pack-error.js'

/** Copies shorter than this are done byte by byte: cheaper than a subarray. */
const SMALL_COPY = 32

/**
 * Applies `delta` to `base`; throws a PackError if they don't fit together.
 * `alloc` provides the result's buffer (say, a reused scratch buffer); it is
 * asked only once the delta is known to produce exactly that many bytes.
 */
export function applyDelta (base: Uint8Array, delta: Uint8Array, alloc: (size: number) => Uint8Array = size => new Uint8Array(size)): Uint8Array {
  const end = delta.length
  let p = 0
  // the two size varints
  let baseSize = 0
  let resultSize = 0
  for (let which = 0; which < 2; which++) {
    let value = 0
    let scale = 1
    let c: number
    do {
      if (p >= end) throw new PackError('delta is truncated in its header')
      c = delta[p++]
      value += (c & 0x7f) * scale
      scale *= 128
      if (value > MAX_OBJECT_SIZE) throw new PackError(`delta declares a size over ${MAX_OBJECT_SIZE} bytes`)
    } while ((c & 0x80) !== 0)
    if (which === 0) baseSize = value
    else resultSize = value
  }
  if (baseSize !== base.length) throw new PackError(`delta expects a base of ${baseSize} bytes, the base has ${base.length}`)
  const start = p

  // pass 1: validate every instruction and add up the output
  let total = 0
  while (p < end) {
    const op = delta[p++]
    if ((op & 0x80) !== 0) {
      let offset = 0
      let size = 0
      if ((op & 0x01) !== 0) offset = delta[p++]
      if ((op & 0x02) !== 0) offset |= delta[p++] << 8
      if ((op & 0x04) !== 0) offset |= delta[p++] << 16
      if ((op & 0x08) !== 0) offset = (offset | (delta[p++] << 24)) >>> 0
      if ((op & 0x10) !== 0) size = delta[p++]
      if ((op & 0x20) !== 0) size |= delta[p++] << 8
      if ((op & 0x40) !== 0) size |= delta[p++] << 16
      if (size === 0) size = 0x10000
      if (p > end) throw new PackError('delta is truncated in a copy instruction')
      if (offset + size > base.length) throw new PackError('delta copies from outside its base')
      total += size
    } else if (op !== 0) {
      if (p + op > end) throw new PackError('delta is truncated in an insert instruction')
      p += op
      total += op
    } else {
      throw new PackError('delta has an invalid instruction (0)')
    }
    if (total > resultSize) throw new PackError(`delta produces more than the ${resultSize} bytes it declares`)
  }
  if (total !== resultSize) throw new PackError(`delta produces ${total} bytes, it declares ${resultSize}`)

  // pass 2: build the result; every bound was checked above
  const out = alloc(resultSize)
  let o = 0
  p = start
  while (p < end) {
    const op = delta[p++]
    if ((op & 0x80) !== 0) {
      let offset = 0
      let size = 0
      if ((op & 0x01) !== 0) offset = delta[p++]
      if ((op & 0x02) !== 0) offset |= delta[p++] << 8
      if ((op & 0x04) !== 0) offset |= delta[p++] << 16
      if ((op & 0x08) !== 0) offset = (offset | (delta[p++] << 24)) >>> 0
      if ((op & 0x10) !== 0) size = delta[p++]
      if ((op & 0x20) !== 0) size |= delta[p++] << 8
      if ((op & 0x40) !== 0) size |= delta[p++] << 16
      if (size === 0) size = 0x10000
      if (size < SMALL_COPY) {
        for (let i = 0; i < size; i++) out[o + i] = base[offset + i]
      } else {
        out.set(base.subarray(offset, offset + size), o)
      }
      o += size
    } else {
      if (op < SMALL_COPY) {
        for (let i = 0; i < op; i++) out[o + i] = delta[p + i]
      } else {
        out.set(delta.subarray(p, p + op), o)
      }
      p += op
      o += op
    }
  }
  return out
}
