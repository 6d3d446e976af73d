// SHA-1 (FIPS 180-4) of a short prefix followed by a body, without joining
// them: exactly the shape of a git object id, `<type> <size>\0` + content.
// Indexing a pack hashes every object, so this is on the hot path; it reads
// the body in place and runs the four round groups as separate loops, which
// V8 compiles to about three times the speed of a general-purpose SHA-1.
// (sha1.test.ts checks it against node:crypto.)

const W = new Int32Array(80)
const H = new Int32Array(5)
const BLOCK = new Uint8Array(64)

function compress (src: Uint8Array, at: number): void {
  for (let i = 0; i < 16; i++) {
    const p = at + 4 * i
    W[i] = (src[p] << 24) | (src[p + 1] << 16) | (src[p + 2] << 8) | src[p + 3]
  }
  for (let i = 16; i < 80; i++) {
    const x = W[i - 3] ^ W[i - 8] ^ W[i - 14] ^ W[i - 16]
    W[i] = (x << 1) | (x >>> 31)
  }
  let a = H[0]
  let b = H[1]
  let c = H[2]
  let d = H[3]
  let e = H[4]
  // five rounds per step, the variables' roles rotating instead of being moved
  for (let i = 0; i < 20; i += 5) {
    e = (e + ((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + W[i] + 0x5a827999) | 0; b = (b << 30) | (b >>> 2)
    d = (d + ((e << 5) | (e >>> 27)) + ((a & b) | (~a & c)) + W[i + 1] + 0x5a827999) | 0; a = (a << 30) | (a >>> 2)
    c = (c + ((d << 5) | (d >>> 27)) + ((e & a) | (~e & b)) + W[i + 2] + 0x5a827999) | 0; e = (e << 30) | (e >>> 2)
    b = (b + ((c << 5) | (c >>> 27)) + ((d & e) | (~d & a)) + W[i + 3] + 0x5a827999) | 0; d = (d << 30) | (d >>> 2)
    a = (a + ((b << 5) | (b >>> 27)) + ((c & d) | (~c & e)) + W[i + 4] + 0x5a827999) | 0; c = (c << 30) | (c >>> 2)
  }
  for (let i = 20; i < 40; i += 5) {
    e = (e + ((a << 5) | (a >>> 27)) + (b ^ c ^ d) + W[i] + 0x6ed9eba1) | 0; b = (b << 30) | (b >>> 2)
    d = (d + ((e << 5) | (e >>> 27)) + (a ^ b ^ c) + W[i + 1] + 0x6ed9eba1) | 0; a = (a << 30) | (a >>> 2)
    c = (c + ((d << 5) | (d >>> 27)) + (e ^ a ^ b) + W[i + 2] + 0x6ed9eba1) | 0; e = (e << 30) | (e >>> 2)
    b = (b + ((c << 5) | (c >>> 27)) + (d ^ e ^ a) + W[i + 3] + 0x6ed9eba1) | 0; d = (d << 30) | (d >>> 2)
    a = (a + ((b << 5) | (b >>> 27)) + (c ^ d ^ e) + W[i + 4] + 0x6ed9eba1) | 0; c = (c << 30) | (c >>> 2)
  }
  for (let i = 40; i < 60; i += 5) {
    e = (e + ((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + W[i] - 0x70e44324) | 0; b = (b << 30) | (b >>> 2)
    d = (d + ((e << 5) | (e >>> 27)) + ((a & b) | (a & c) | (b & c)) + W[i + 1] - 0x70e44324) | 0; a = (a << 30) | (a >>> 2)
    c = (c + ((d << 5) | (d >>> 27)) + ((e & a) | (e & b) | (a & b)) + W[i + 2] - 0x70e44324) | 0; e = (e << 30) | (e >>> 2)
    b = (b + ((c << 5) | (c >>> 27)) + ((d & e) | (d & a) | (e & a)) + W[i + 3] - 0x70e44324) | 0; d = (d << 30) | (d >>> 2)
    a = (a + ((b << 5) | (b >>> 27)) + ((c & d) | (c & e) | (d & e)) + W[i + 4] - 0x70e44324) | 0; c = (c << 30) | (c >>> 2)
  }
  for (let i = 60; i < 80; i += 5) {
    e = (e + ((a << 5) | (a >>> 27)) + (b ^ c ^ d) + W[i] - 0x359d3e2a) | 0; b = (b << 30) | (b >>> 2)
    d = (d + ((e << 5) | (e >>> 27)) + (a ^ b ^ c) + W[i + 1] - 0x359d3e2a) | 0; a = (a << 30) | (a >>> 2)
    c = (c + ((d << 5) | (d >>> 27)) + (e ^ a ^ b) + W[i + 2] - 0x359d3e2a) | 0; e = (e << 30) | (e >>> 2)
    b = (b + ((c << 5) | (c >>> 27)) + (d ^ e ^ a) + W[i + 3] - 0x359d3e2a) | 0; d = (d << 30) | (d >>> 2)
    a = (a + ((b << 5) | (b >>> 27)) + (c ^ d ^ e) + W[i + 4] - 0x359d3e2a) | 0; c = (c << 30) | (c >>> 2)
  }
  H[0] = (H[0] + a) | 0
  H[1] = (H[1] + b) | 0
  H[2] = (H[2] + c) | 0
  H[3] = (H[3] + d) | 0
  H[4] = (H[4] + e) | 0
}

/** Writes SHA-1(prefix ‖ body) into `out[at..at+20)`. */
export function sha1Into (prefix: Uint8Array, body: Uint8Array, out: Uint8Array, at: number): void {
  H[0] = 0x67452301
  H[1] = 0xefcdab89
  H[2] = 0x98badcfe
  H[3] = 0x10325476
  H[4] = 0xc3d2e1f0 | 0
  const p = prefix.length
  const total = p + body.length
  // the message is padded with 0x80, zeros, and its length in bits (64-bit BE)
  const blocks = Math.floor((total + 8) / 64) + 1
  for (let k = 0; k < blocks; k++) {
    const s = k * 64
    if (s >= p && s + 64 <= total) {
      compress(body, s - p) // the common case: a whole block of the body, read in place
      continue
    }
    for (let j = 0; j < 64; j++) {
      const q = s + j
      BLOCK[j] = q < p ? prefix[q] : q < total ? body[q - p] : q === total ? 0x80 : 0
    }
    if (k === blocks - 1) {
      const bits = total * 8
      const hi = Math.floor(bits / 2 ** 32)
      const lo = bits >>> 0
      BLOCK[56] = hi >>> 24; BLOCK[57] = hi >>> 16; BLOCK[58] = hi >>> 8; BLOCK[59] = hi
      BLOCK[60] = lo >>> 24; BLOCK[61] = lo >>> 16; BLOCK[62] = lo >>> 8; BLOCK[63] = lo
    }
    compress(BLOCK, 0)
  }
  for (let i = 0; i < 5; i++) {
    const h = H[i]
    out[at + 4 * i] = h >>> 24
    out[at + 4 * i + 1] = h >>> 16
    out[at + 4 * i + 2] = h >>> 8
    out[at + 4 * i + 3] = h
  }
}

const EMPTY = new Uint8Array(0)

/** SHA-1 of `bytes`. */
export function sha1 (bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(20)
  sha1Into(EMPTY, bytes, out, 0)
  return out
}
