// SHA-1 (FIPS 180-4) over bytes that come in pieces: a pack's trailer is
// the hash of everything before it, and a written pack goes out a chunk at
// a time. WebCrypto has no incremental digest, so this is plain JS, with
// sha1.ts's unrolled compression function. (sha1-stream.test.ts
// checks this one against node:crypto.)

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

// sha1.ts's compression function, fully unrolled (V8 keeps the schedule in
// registers: about 2.5x a loop over an array), on this hash's own state.
function compressBlock (H: Int32Array, src: Uint8Array, at: number): void {
  let w0 = (src[at] << 24) | (src[at + 1] << 16) | (src[at + 2] << 8) | src[at + 3]
  let w1 = (src[at + 4] << 24) | (src[at + 5] << 16) | (src[at + 6] << 8) | src[at + 7]
  let w2 = (src[at + 8] << 24) | (src[at + 9] << 16) | (src[at + 10] << 8) | src[at + 11]
  let w3 = (src[at + 12] << 24) | (src[at + 13] << 16) | (src[at + 14] << 8) | src[at + 15]
  let w4 = (src[at + 16] << 24) | (src[at + 17] << 16) | (src[at + 18] << 8) | src[at + 19]
  let w5 = (src[at + 20] << 24) | (src[at + 21] << 16) | (src[at + 22] << 8) | src[at + 23]
  let w6 = (src[at + 24] << 24) | (src[at + 25] << 16) | (src[at + 26] << 8) | src[at + 27]
  let w7 = (src[at + 28] << 24) | (src[at + 29] << 16) | (src[at + 30] << 8) | src[at + 31]
  let w8 = (src[at + 32] << 24) | (src[at + 33] << 16) | (src[at + 34] << 8) | src[at + 35]
  let w9 = (src[at + 36] << 24) | (src[at + 37] << 16) | (src[at + 38] << 8) | src[at + 39]
  let w10 = (src[at + 40] << 24) | (src[at + 41] << 16) | (src[at + 42] << 8) | src[at + 43]
  let w11 = (src[at + 44] << 24) | (src[at + 45] << 16) | (src[at + 46] << 8) | src[at + 47]
  let w12 = (src[at + 48] << 24) | (src[at + 49] << 16) | (src[at + 50] << 8) | src[at + 51]
  let w13 = (src[at + 52] << 24) | (src[at + 53] << 16) | (src[at + 54] << 8) | src[at + 55]
  let w14 = (src[at + 56] << 24) | (src[at + 57] << 16) | (src[at + 58] << 8) | src[at + 59]
  let w15 = (src[at + 60] << 24) | (src[at + 61] << 16) | (src[at + 62] << 8) | src[at + 63]
  let a = H[0]
  let b = H[1]
  let c = H[2]
  let d = H[3]
  let e = H[4]
  let x: number
  e = (e + ((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + w0 + 0x5a827999) | 0; b = (b << 30) | (b >>> 2)
  d = (d + ((e << 5) | (e >>> 27)) + ((a & b) | (~a & c)) + w1 + 0x5a827999) | 0; a = (a << 30) | (a >>> 2)
  c = (c + ((d << 5) | (d >>> 27)) + ((e & a) | (~e & b)) + w2 + 0x5a827999) | 0; e = (e << 30) | (e >>> 2)
  b = (b + ((c << 5) | (c >>> 27)) + ((d & e) | (~d & a)) + w3 + 0x5a827999) | 0; d = (d << 30) | (d >>> 2)
  a = (a + ((b << 5) | (b >>> 27)) + ((c & d) | (~c & e)) + w4 + 0x5a827999) | 0; c = (c << 30) | (c >>> 2)
  e = (e + ((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + w5 + 0x5a827999) | 0; b = (b << 30) | (b >>> 2)
  d = (d + ((e << 5) | (e >>> 27)) + ((a & b) | (~a & c)) + w6 + 0x5a827999) | 0; a = (a << 30) | (a >>> 2)
  c = (c + ((d << 5) | (d >>> 27)) + ((e & a) | (~e & b)) + w7 + 0x5a827999) | 0; e = (e << 30) | (e >>> 2)
  b = (b + ((c << 5) | (c >>> 27)) + ((d & e) | (~d & a)) + w8 + 0x5a827999) | 0; d = (d << 30) | (d >>> 2)
  a = (a + ((b << 5) | (b >>> 27)) + ((c & d) | (~c & e)) + w9 + 0x5a827999) | 0; c = (c << 30) | (c >>> 2)
  e = (e + ((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + w10 + 0x5a827999) | 0; b = (b << 30) | (b >>> 2)
  d = (d + ((e << 5) | (e >>> 27)) + ((a & b) | (~a & c)) + w11 + 0x5a827999) | 0; a = (a << 30) | (a >>> 2)
  c = (c + ((d << 5) | (d >>> 27)) + ((e & a) | (~e & b)) + w12 + 0x5a827999) | 0; e = (e << 30) | (e >>> 2)
  b = (b + ((c << 5) | (c >>> 27)) + ((d & e) | (~d & a)) + w13 + 0x5a827999) | 0; d = (d << 30) | (d >>> 2)
  a = (a + ((b << 5) | (b >>> 27)) + ((c & d) | (~c & e)) + w14 + 0x5a827999) | 0; c = (c << 30) | (c >>> 2)
  e = (e + ((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + w15 + 0x5a827999) | 0; b = (b << 30) | (b >>> 2)
  x = w13 ^ w8 ^ w2 ^ w0; w0 = (x << 1) | (x >>> 31)
  d = (d + ((e << 5) | (e >>> 27)) + ((a & b) | (~a & c)) + w0 + 0x5a827999) | 0; a = (a << 30) | (a >>> 2)
  x = w14 ^ w9 ^ w3 ^ w1; w1 = (x << 1) | (x >>> 31)
  c = (c + ((d << 5) | (d >>> 27)) + ((e & a) | (~e & b)) + w1 + 0x5a827999) | 0; e = (e << 30) | (e >>> 2)
  x = w15 ^ w10 ^ w4 ^ w2; w2 = (x << 1) | (x >>> 31)
  b = (b + ((c << 5) | (c >>> 27)) + ((d & e) | (~d & a)) + w2 + 0x5a827999) | 0; d = (d << 30) | (d >>> 2)
  x = w0 ^ w11 ^ w5 ^ w3; w3 = (x << 1) | (x >>> 31)
  a = (a + ((b << 5) | (b >>> 27)) + ((c & d) | (~c & e)) + w3 + 0x5a827999) | 0; c = (c << 30) | (c >>> 2)
  x = w1 ^ w12 ^ w6 ^ w4; w4 = (x << 1) | (x >>> 31)
  e = (e + ((a << 5) | (a >>> 27)) + (b ^ c ^ d) + w4 + 0x6ed9eba1) | 0; b = (b << 30) | (b >>> 2)
  x = w2 ^ w13 ^ w7 ^ w5; w5 = (x << 1) | (x >>> 31)
  d = (d + ((e << 5) | (e >>> 27)) + (a ^ b ^ c) + w5 + 0x6ed9eba1) | 0; a = (a << 30) | (a >>> 2)
  x = w3 ^ w14 ^ w8 ^ w6; w6 = (x << 1) | (x >>> 31)
  c = (c + ((d << 5) | (d >>> 27)) + (e ^ a ^ b) + w6 + 0x6ed9eba1) | 0; e = (e << 30) | (e >>> 2)
  x = w4 ^ w15 ^ w9 ^ w7; w7 = (x << 1) | (x >>> 31)
  b = (b + ((c << 5) | (c >>> 27)) + (d ^ e ^ a) + w7 + 0x6ed9eba1) | 0; d = (d << 30) | (d >>> 2)
  x = w5 ^ w0 ^ w10 ^ w8; w8 = (x << 1) | (x >>> 31)
  a = (a + ((b << 5) | (b >>> 27)) + (c ^ d ^ e) + w8 + 0x6ed9eba1) | 0; c = (c << 30) | (c >>> 2)
  x = w6 ^ w1 ^ w11 ^ w9; w9 = (x << 1) | (x >>> 31)
  e = (e + ((a << 5) | (a >>> 27)) + (b ^ c ^ d) + w9 + 0x6ed9eba1) | 0; b = (b << 30) | (b >>> 2)
  x = w7 ^ w2 ^ w12 ^ w10; w10 = (x << 1) | (x >>> 31)
  d = (d + ((e << 5) | (e >>> 27)) + (a ^ b ^ c) + w10 + 0x6ed9eba1) | 0; a = (a << 30) | (a >>> 2)
  x = w8 ^ w3 ^ w13 ^ w11; w11 = (x << 1) | (x >>> 31)
  c = (c + ((d << 5) | (d >>> 27)) + (e ^ a ^ b) + w11 + 0x6ed9eba1) | 0; e = (e << 30) | (e >>> 2)
  x = w9 ^ w4 ^ w14 ^ w12; w12 = (x << 1) | (x >>> 31)
  b = (b + ((c << 5) | (c >>> 27)) + (d ^ e ^ a) + w12 + 0x6ed9eba1) | 0; d = (d << 30) | (d >>> 2)
  x = w10 ^ w5 ^ w15 ^ w13; w13 = (x << 1) | (x >>> 31)
  a = (a + ((b << 5) | (b >>> 27)) + (c ^ d ^ e) + w13 + 0x6ed9eba1) | 0; c = (c << 30) | (c >>> 2)
  x = w11 ^ w6 ^ w0 ^ w14; w14 = (x << 1) | (x >>> 31)
  e = (e + ((a << 5) | (a >>> 27)) + (b ^ c ^ d) + w14 + 0x6ed9eba1) | 0; b = (b << 30) | (b >>> 2)
  x = w12 ^ w7 ^ w1 ^ w15; w15 = (x << 1) | (x >>> 31)
  d = (d + ((e << 5) | (e >>> 27)) + (a ^ b ^ c) + w15 + 0x6ed9eba1) | 0; a = (a << 30) | (a >>> 2)
  x = w13 ^ w8 ^ w2 ^ w0; w0 = (x << 1) | (x >>> 31)
  c = (c + ((d << 5) | (d >>> 27)) + (e ^ a ^ b) + w0 + 0x6ed9eba1) | 0; e = (e << 30) | (e >>> 2)
  x = w14 ^ w9 ^ w3 ^ w1; w1 = (x << 1) | (x >>> 31)
  b = (b + ((c << 5) | (c >>> 27)) + (d ^ e ^ a) + w1 + 0x6ed9eba1) | 0; d = (d << 30) | (d >>> 2)
  x = w15 ^ w10 ^ w4 ^ w2; w2 = (x << 1) | (x >>> 31)
  a = (a + ((b << 5) | (b >>> 27)) + (c ^ d ^ e) + w2 + 0x6ed9eba1) | 0; c = (c << 30) | (c >>> 2)
  x = w0 ^ w11 ^ w5 ^ w3; w3 = (x << 1) | (x >>> 31)
  e = (e + ((a << 5) | (a >>> 27)) + (b ^ c ^ d) + w3 + 0x6ed9eba1) | 0; b = (b << 30) | (b >>> 2)
  x = w1 ^ w12 ^ w6 ^ w4; w4 = (x << 1) | (x >>> 31)
  d = (d + ((e << 5) | (e >>> 27)) + (a ^ b ^ c) + w4 + 0x6ed9eba1) | 0; a = (a << 30) | (a >>> 2)
  x = w2 ^ w13 ^ w7 ^ w5; w5 = (x << 1) | (x >>> 31)
  c = (c + ((d << 5) | (d >>> 27)) + (e ^ a ^ b) + w5 + 0x6ed9eba1) | 0; e = (e << 30) | (e >>> 2)
  x = w3 ^ w14 ^ w8 ^ w6; w6 = (x << 1) | (x >>> 31)
  b = (b + ((c << 5) | (c >>> 27)) + (d ^ e ^ a) + w6 + 0x6ed9eba1) | 0; d = (d << 30) | (d >>> 2)
  x = w4 ^ w15 ^ w9 ^ w7; w7 = (x << 1) | (x >>> 31)
  a = (a + ((b << 5) | (b >>> 27)) + (c ^ d ^ e) + w7 + 0x6ed9eba1) | 0; c = (c << 30) | (c >>> 2)
  x = w5 ^ w0 ^ w10 ^ w8; w8 = (x << 1) | (x >>> 31)
  e = (e + ((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + w8 - 0x70e44324) | 0; b = (b << 30) | (b >>> 2)
  x = w6 ^ w1 ^ w11 ^ w9; w9 = (x << 1) | (x >>> 31)
  d = (d + ((e << 5) | (e >>> 27)) + ((a & b) | (a & c) | (b & c)) + w9 - 0x70e44324) | 0; a = (a << 30) | (a >>> 2)
  x = w7 ^ w2 ^ w12 ^ w10; w10 = (x << 1) | (x >>> 31)
  c = (c + ((d << 5) | (d >>> 27)) + ((e & a) | (e & b) | (a & b)) + w10 - 0x70e44324) | 0; e = (e << 30) | (e >>> 2)
  x = w8 ^ w3 ^ w13 ^ w11; w11 = (x << 1) | (x >>> 31)
  b = (b + ((c << 5) | (c >>> 27)) + ((d & e) | (d & a) | (e & a)) + w11 - 0x70e44324) | 0; d = (d << 30) | (d >>> 2)
  x = w9 ^ w4 ^ w14 ^ w12; w12 = (x << 1) | (x >>> 31)
  a = (a + ((b << 5) | (b >>> 27)) + ((c & d) | (c & e) | (d & e)) + w12 - 0x70e44324) | 0; c = (c << 30) | (c >>> 2)
  x = w10 ^ w5 ^ w15 ^ w13; w13 = (x << 1) | (x >>> 31)
  e = (e + ((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + w13 - 0x70e44324) | 0; b = (b << 30) | (b >>> 2)
  x = w11 ^ w6 ^ w0 ^ w14; w14 = (x << 1) | (x >>> 31)
  d = (d + ((e << 5) | (e >>> 27)) + ((a & b) | (a & c) | (b & c)) + w14 - 0x70e44324) | 0; a = (a << 30) | (a >>> 2)
  x = w12 ^ w7 ^ w1 ^ w15; w15 = (x << 1) | (x >>> 31)
  c = (c + ((d << 5) | (d >>> 27)) + ((e & a) | (e & b) | (a & b)) + w15 - 0x70e44324) | 0; e = (e << 30) | (e >>> 2)
  x = w13 ^ w8 ^ w2 ^ w0; w0 = (x << 1) | (x >>> 31)
  b = (b + ((c << 5) | (c >>> 27)) + ((d & e) | (d & a) | (e & a)) + w0 - 0x70e44324) | 0; d = (d << 30) | (d >>> 2)
  x = w14 ^ w9 ^ w3 ^ w1; w1 = (x << 1) | (x >>> 31)
  a = (a + ((b << 5) | (b >>> 27)) + ((c & d) | (c & e) | (d & e)) + w1 - 0x70e44324) | 0; c = (c << 30) | (c >>> 2)
  x = w15 ^ w10 ^ w4 ^ w2; w2 = (x << 1) | (x >>> 31)
  e = (e + ((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + w2 - 0x70e44324) | 0; b = (b << 30) | (b >>> 2)
  x = w0 ^ w11 ^ w5 ^ w3; w3 = (x << 1) | (x >>> 31)
  d = (d + ((e << 5) | (e >>> 27)) + ((a & b) | (a & c) | (b & c)) + w3 - 0x70e44324) | 0; a = (a << 30) | (a >>> 2)
  x = w1 ^ w12 ^ w6 ^ w4; w4 = (x << 1) | (x >>> 31)
  c = (c + ((d << 5) | (d >>> 27)) + ((e & a) | (e & b) | (a & b)) + w4 - 0x70e44324) | 0; e = (e << 30) | (e >>> 2)
  x = w2 ^ w13 ^ w7 ^ w5; w5 = (x << 1) | (x >>> 31)
  b = (b + ((c << 5) | (c >>> 27)) + ((d & e) | (d & a) | (e & a)) + w5 - 0x70e44324) | 0; d = (d << 30) | (d >>> 2)
  x = w3 ^ w14 ^ w8 ^ w6; w6 = (x << 1) | (x >>> 31)
  a = (a + ((b << 5) | (b >>> 27)) + ((c & d) | (c & e) | (d & e)) + w6 - 0x70e44324) | 0; c = (c << 30) | (c >>> 2)
  x = w4 ^ w15 ^ w9 ^ w7; w7 = (x << 1) | (x >>> 31)
  e = (e + ((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + w7 - 0x70e44324) | 0; b = (b << 30) | (b >>> 2)
  x = w5 ^ w0 ^ w10 ^ w8; w8 = (x << 1) | (x >>> 31)
  d = (d + ((e << 5) | (e >>> 27)) + ((a & b) | (a & c) | (b & c)) + w8 - 0x70e44324) | 0; a = (a << 30) | (a >>> 2)
  x = w6 ^ w1 ^ w11 ^ w9; w9 = (x << 1) | (x >>> 31)
  c = (c + ((d << 5) | (d >>> 27)) + ((e & a) | (e & b) | (a & b)) + w9 - 0x70e44324) | 0; e = (e << 30) | (e >>> 2)
  x = w7 ^ w2 ^ w12 ^ w10; w10 = (x << 1) | (x >>> 31)
  b = (b + ((c << 5) | (c >>> 27)) + ((d & e) | (d & a) | (e & a)) + w10 - 0x70e44324) | 0; d = (d << 30) | (d >>> 2)
  x = w8 ^ w3 ^ w13 ^ w11; w11 = (x << 1) | (x >>> 31)
  a = (a + ((b << 5) | (b >>> 27)) + ((c & d) | (c & e) | (d & e)) + w11 - 0x70e44324) | 0; c = (c << 30) | (c >>> 2)
  x = w9 ^ w4 ^ w14 ^ w12; w12 = (x << 1) | (x >>> 31)
  e = (e + ((a << 5) | (a >>> 27)) + (b ^ c ^ d) + w12 - 0x359d3e2a) | 0; b = (b << 30) | (b >>> 2)
  x = w10 ^ w5 ^ w15 ^ w13; w13 = (x << 1) | (x >>> 31)
  d = (d + ((e << 5) | (e >>> 27)) + (a ^ b ^ c) + w13 - 0x359d3e2a) | 0; a = (a << 30) | (a >>> 2)
  x = w11 ^ w6 ^ w0 ^ w14; w14 = (x << 1) | (x >>> 31)
  c = (c + ((d << 5) | (d >>> 27)) + (e ^ a ^ b) + w14 - 0x359d3e2a) | 0; e = (e << 30) | (e >>> 2)
  x = w12 ^ w7 ^ w1 ^ w15; w15 = (x << 1) | (x >>> 31)
  b = (b + ((c << 5) | (c >>> 27)) + (d ^ e ^ a) + w15 - 0x359d3e2a) | 0; d = (d << 30) | (d >>> 2)
  x = w13 ^ w8 ^ w2 ^ w0; w0 = (x << 1) | (x >>> 31)
  a = (a + ((b << 5) | (b >>> 27)) + (c ^ d ^ e) + w0 - 0x359d3e2a) | 0; c = (c << 30) | (c >>> 2)
  x = w14 ^ w9 ^ w3 ^ w1; w1 = (x << 1) | (x >>> 31)
  e = (e + ((a << 5) | (a >>> 27)) + (b ^ c ^ d) + w1 - 0x359d3e2a) | 0; b = (b << 30) | (b >>> 2)
  x = w15 ^ w10 ^ w4 ^ w2; w2 = (x << 1) | (x >>> 31)
  d = (d + ((e << 5) | (e >>> 27)) + (a ^ b ^ c) + w2 - 0x359d3e2a) | 0; a = (a << 30) | (a >>> 2)
  x = w0 ^ w11 ^ w5 ^ w3; w3 = (x << 1) | (x >>> 31)
  c = (c + ((d << 5) | (d >>> 27)) + (e ^ a ^ b) + w3 - 0x359d3e2a) | 0; e = (e << 30) | (e >>> 2)
  x = w1 ^ w12 ^ w6 ^ w4; w4 = (x << 1) | (x >>> 31)
  b = (b + ((c << 5) | (c >>> 27)) + (d ^ e ^ a) + w4 - 0x359d3e2a) | 0; d = (d << 30) | (d >>> 2)
  x = w2 ^ w13 ^ w7 ^ w5; w5 = (x << 1) | (x >>> 31)
  a = (a + ((b << 5) | (b >>> 27)) + (c ^ d ^ e) + w5 - 0x359d3e2a) | 0; c = (c << 30) | (c >>> 2)
  x = w3 ^ w14 ^ w8 ^ w6; w6 = (x << 1) | (x >>> 31)
  e = (e + ((a << 5) | (a >>> 27)) + (b ^ c ^ d) + w6 - 0x359d3e2a) | 0; b = (b << 30) | (b >>> 2)
  x = w4 ^ w15 ^ w9 ^ w7; w7 = (x << 1) | (x >>> 31)
  d = (d + ((e << 5) | (e >>> 27)) + (a ^ b ^ c) + w7 - 0x359d3e2a) | 0; a = (a << 30) | (a >>> 2)
  x = w5 ^ w0 ^ w10 ^ w8; w8 = (x << 1) | (x >>> 31)
  c = (c + ((d << 5) | (d >>> 27)) + (e ^ a ^ b) + w8 - 0x359d3e2a) | 0; e = (e << 30) | (e >>> 2)
  x = w6 ^ w1 ^ w11 ^ w9; w9 = (x << 1) | (x >>> 31)
  b = (b + ((c << 5) | (c >>> 27)) + (d ^ e ^ a) + w9 - 0x359d3e2a) | 0; d = (d << 30) | (d >>> 2)
  x = w7 ^ w2 ^ w12 ^ w10; w10 = (x << 1) | (x >>> 31)
  a = (a + ((b << 5) | (b >>> 27)) + (c ^ d ^ e) + w10 - 0x359d3e2a) | 0; c = (c << 30) | (c >>> 2)
  x = w8 ^ w3 ^ w13 ^ w11; w11 = (x << 1) | (x >>> 31)
  e = (e + ((a << 5) | (a >>> 27)) + (b ^ c ^ d) + w11 - 0x359d3e2a) | 0; b = (b << 30) | (b >>> 2)
  x = w9 ^ w4 ^ w14 ^ w12; w12 = (x << 1) | (x >>> 31)
  d = (d + ((e << 5) | (e >>> 27)) + (a ^ b ^ c) + w12 - 0x359d3e2a) | 0; a = (a << 30) | (a >>> 2)
  x = w10 ^ w5 ^ w15 ^ w13; w13 = (x << 1) | (x >>> 31)
  c = (c + ((d << 5) | (d >>> 27)) + (e ^ a ^ b) + w13 - 0x359d3e2a) | 0; e = (e << 30) | (e >>> 2)
  x = w11 ^ w6 ^ w0 ^ w14; w14 = (x << 1) | (x >>> 31)
  b = (b + ((c << 5) | (c >>> 27)) + (d ^ e ^ a) + w14 - 0x359d3e2a) | 0; d = (d << 30) | (d >>> 2)
  x = w12 ^ w7 ^ w1 ^ w15; w15 = (x << 1) | (x >>> 31)
  a = (a + ((b << 5) | (b >>> 27)) + (c ^ d ^ e) + w15 - 0x359d3e2a) | 0; c = (c << 30) | (c >>> 2)
  H[0] = (H[0] + a) | 0
  H[1] = (H[1] + b) | 0
  H[2] = (H[2] + c) | 0
  H[3] = (H[3] + d) | 0
  H[4] = (H[4] + e) | 0
}
