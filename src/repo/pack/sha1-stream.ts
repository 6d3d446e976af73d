// SHA-1 (FIPS 180-4) over bytes that come in pieces: a pack's trailer is
// the hash of everything before it, and a written pack goes out a chunk at
// a time. WebCrypto has no incremental digest, so this is plain JS, with
// sha1.ts's unrolled compression function. (sha1-stream.test.ts
// checks this one against node:crypto.)
import { compressBlock } from './sha1.js'

export class Sha1Stream {
  private readonly h = new Int32Array([0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0])
  private readonly block = new Uint8Array(64)
  private fill = 0
  private length = 0
  private done = false

  update (bytes: Uint8Array, start = 0, end = bytes.length): this {
    if (this.done) throw new Error('this hash is already finished')
    this.length += end - start
    let p = start
    if (this.fill > 0) {
      const n = Math.min(64 - this.fill, end - p)
      this.block.set(bytes.subarray(p, p + n), this.fill)
      this.fill += n
      p += n
      if (this.fill < 64) return this
      this.compress(this.block, 0)
      this.fill = 0
    }
    for (; p + 64 <= end; p += 64) this.compress(bytes, p)
    if (p < end) {
      this.block.set(bytes.subarray(p, end), 0)
      this.fill = end - p
    }
    return this
  }

  digest (): Uint8Array {
    if (this.done) throw new Error('this hash is already finished')
    const bits = this.length * 8
    const pad = new Uint8Array(((this.fill + 8) >> 6) * 64 + 64 - this.fill)
    pad[0] = 0x80
    const hi = Math.floor(bits / 2 ** 32)
    const lo = bits >>> 0
    const n = pad.length
    pad[n - 8] = hi >>> 24; pad[n - 7] = hi >>> 16; pad[n - 6] = hi >>> 8; pad[n - 5] = hi
    pad[n - 4] = lo >>> 24; pad[n - 3] = lo >>> 16; pad[n - 2] = lo >>> 8; pad[n - 1] = lo
    const length = this.length
    this.update(pad)
    this.length = length
    this.done = true
    const out = new Uint8Array(20)
    for (let i = 0; i < 5; i++) {
      const v = this.h[i]
      out[4 * i] = v >>> 24; out[4 * i + 1] = v >>> 16; out[4 * i + 2] = v >>> 8; out[4 * i + 3] = v
    }
    return out
  }

  private compress (src: Uint8Array, at: number): void { compressBlock(this.h, src, at) }
}
