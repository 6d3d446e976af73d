// SHA-1 (FIPS 180-4) of a short prefix followed by a body, without joining
// them: exactly the shape of a git object id, `<type> <size>\0` + content.
// Indexing a pack hashes every object, so this is the hot path: it reads the
// body in place, and the compression function is fully unrolled with the
// message schedule in 16 local variables and the five working variables
// changing roles instead of being shifted along. V8 keeps that in registers
// and runs it about 2.5x as fast as a loop over a schedule array (and 3-4x
// @noble/hashes' sha1). The unrolled body was generated; the pattern is plain
// FIPS 180-4. (hashes.test.ts checks it against node:crypto.)

/** the state of sha1Into's one hash at a time */
const STATE = new Int32Array(5)
const BLOCK = new Uint8Array(64)

/** One 64-byte block of `src` at `at` into the hash state `H` (sha1-stream.ts keeps its own). */
export function compressBlock (H: Int32Array, src: Uint8Array, at: number): void {
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

/** Writes SHA-1(prefix[0..p) ‖ body) into `out[at..at+20)`. */
export function sha1Into (prefix: Uint8Array, p: number, body: Uint8Array, out: Uint8Array, at: number): void {
  const H = STATE
  H[0] = 0x67452301
  H[1] = 0xefcdab89
  H[2] = 0x98badcfe
  H[3] = 0x10325476
  H[4] = 0xc3d2e1f0 | 0
  const total = p + body.length
  // the message is padded with 0x80, zeros, and its length in bits (64-bit BE)
  const blocks = Math.floor((total + 8) / 64) + 1
  for (let k = 0; k < blocks; k++) {
    const s = k * 64
    if (s >= p && s + 64 <= total) {
      compressBlock(H, body, s - p) // the common case: a whole block of the body, read in place
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
    compressBlock(H, BLOCK, 0)
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
  sha1Into(EMPTY, 0, bytes, out, 0)
  return out
}
