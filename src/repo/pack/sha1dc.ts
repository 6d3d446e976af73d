// SHA-1 with collision detection, as git hashes (sha1dc: a port of Marc
// Stevens and Dan Shumow's sha1collisiondetection, which git has used since
// 2.13; MIT, its licence at the end of sha1dc-ubc.ts). The object store is
// shared with strangers (forks), so an id must not be forgeable: a pack
// holding one of two colliding objects would otherwise let its sender swap
// the other in later under the same id.
//
// Every known practical attack on SHA-1 (SHAttered, SHA-mbles) ends in a
// near-collision block built on one of 32 disturbance vectors. For each
// block, ubcCheck (sha1dc-ubc.ts) tests the expanded message against each
// vector's unavoidable bit conditions; for random data none passes, so the
// cost is storing words 35..64 of the expansion, two intermediate states
// and the check itself. Only when a vector passes is the block recomputed,
// from the saved state, with that vector's message difference: if the other
// message would give the very same output from a different input chaining
// value, this block is one half of a collision, and the hash is refused.
// Git does the same and dies ("SHA-1 appears to be part of a collision
// attack"); it does not substitute a "safe" hash for an id.
//
// The hashes are SHA-1's exactly whenever no collision is detected
// (sha1dc.test.ts); the compression is sha1.ts's unrolled one with the
// stores sha1dc needs, generated (compressBlockDC: sha1dc-generate.mjs).
import { DVS, ubcCheck } from './sha1dc-ubc.js'

/** words 35..64 of the current block's expanded message (what ubcCheck reads) */
const W = new Int32Array(80)
/** the state before steps 58 and 65, from which the DVs' checks recompute */
const S58 = new Int32Array(5)
const S65 = new Int32Array(5)
/** the current block's output chaining value */
const OUT = new Int32Array(5)

/** One block of `src` at `at` into `H`, as compressBlock; true if sha1dc takes it for a near-collision block. */
export function compressBlockDC (H: Int32Array, src: Uint8Array, at: number): boolean {
  let w0 = (src[at + 0] << 24) | (src[at + 1] << 16) | (src[at + 2] << 8) | src[at + 3]
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
  W[35] = w3
  e = (e + ((a << 5) | (a >>> 27)) + (b ^ c ^ d) + w3 + 0x6ed9eba1) | 0; b = (b << 30) | (b >>> 2)
  x = w1 ^ w12 ^ w6 ^ w4; w4 = (x << 1) | (x >>> 31)
  W[36] = w4
  d = (d + ((e << 5) | (e >>> 27)) + (a ^ b ^ c) + w4 + 0x6ed9eba1) | 0; a = (a << 30) | (a >>> 2)
  x = w2 ^ w13 ^ w7 ^ w5; w5 = (x << 1) | (x >>> 31)
  W[37] = w5
  c = (c + ((d << 5) | (d >>> 27)) + (e ^ a ^ b) + w5 + 0x6ed9eba1) | 0; e = (e << 30) | (e >>> 2)
  x = w3 ^ w14 ^ w8 ^ w6; w6 = (x << 1) | (x >>> 31)
  W[38] = w6
  b = (b + ((c << 5) | (c >>> 27)) + (d ^ e ^ a) + w6 + 0x6ed9eba1) | 0; d = (d << 30) | (d >>> 2)
  x = w4 ^ w15 ^ w9 ^ w7; w7 = (x << 1) | (x >>> 31)
  W[39] = w7
  a = (a + ((b << 5) | (b >>> 27)) + (c ^ d ^ e) + w7 + 0x6ed9eba1) | 0; c = (c << 30) | (c >>> 2)
  x = w5 ^ w0 ^ w10 ^ w8; w8 = (x << 1) | (x >>> 31)
  W[40] = w8
  e = (e + ((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + w8 - 0x70e44324) | 0; b = (b << 30) | (b >>> 2)
  x = w6 ^ w1 ^ w11 ^ w9; w9 = (x << 1) | (x >>> 31)
  W[41] = w9
  d = (d + ((e << 5) | (e >>> 27)) + ((a & b) | (a & c) | (b & c)) + w9 - 0x70e44324) | 0; a = (a << 30) | (a >>> 2)
  x = w7 ^ w2 ^ w12 ^ w10; w10 = (x << 1) | (x >>> 31)
  W[42] = w10
  c = (c + ((d << 5) | (d >>> 27)) + ((e & a) | (e & b) | (a & b)) + w10 - 0x70e44324) | 0; e = (e << 30) | (e >>> 2)
  x = w8 ^ w3 ^ w13 ^ w11; w11 = (x << 1) | (x >>> 31)
  W[43] = w11
  b = (b + ((c << 5) | (c >>> 27)) + ((d & e) | (d & a) | (e & a)) + w11 - 0x70e44324) | 0; d = (d << 30) | (d >>> 2)
  x = w9 ^ w4 ^ w14 ^ w12; w12 = (x << 1) | (x >>> 31)
  W[44] = w12
  a = (a + ((b << 5) | (b >>> 27)) + ((c & d) | (c & e) | (d & e)) + w12 - 0x70e44324) | 0; c = (c << 30) | (c >>> 2)
  x = w10 ^ w5 ^ w15 ^ w13; w13 = (x << 1) | (x >>> 31)
  W[45] = w13
  e = (e + ((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + w13 - 0x70e44324) | 0; b = (b << 30) | (b >>> 2)
  x = w11 ^ w6 ^ w0 ^ w14; w14 = (x << 1) | (x >>> 31)
  W[46] = w14
  d = (d + ((e << 5) | (e >>> 27)) + ((a & b) | (a & c) | (b & c)) + w14 - 0x70e44324) | 0; a = (a << 30) | (a >>> 2)
  x = w12 ^ w7 ^ w1 ^ w15; w15 = (x << 1) | (x >>> 31)
  W[47] = w15
  c = (c + ((d << 5) | (d >>> 27)) + ((e & a) | (e & b) | (a & b)) + w15 - 0x70e44324) | 0; e = (e << 30) | (e >>> 2)
  x = w13 ^ w8 ^ w2 ^ w0; w0 = (x << 1) | (x >>> 31)
  W[48] = w0
  b = (b + ((c << 5) | (c >>> 27)) + ((d & e) | (d & a) | (e & a)) + w0 - 0x70e44324) | 0; d = (d << 30) | (d >>> 2)
  x = w14 ^ w9 ^ w3 ^ w1; w1 = (x << 1) | (x >>> 31)
  W[49] = w1
  a = (a + ((b << 5) | (b >>> 27)) + ((c & d) | (c & e) | (d & e)) + w1 - 0x70e44324) | 0; c = (c << 30) | (c >>> 2)
  x = w15 ^ w10 ^ w4 ^ w2; w2 = (x << 1) | (x >>> 31)
  W[50] = w2
  e = (e + ((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + w2 - 0x70e44324) | 0; b = (b << 30) | (b >>> 2)
  x = w0 ^ w11 ^ w5 ^ w3; w3 = (x << 1) | (x >>> 31)
  W[51] = w3
  d = (d + ((e << 5) | (e >>> 27)) + ((a & b) | (a & c) | (b & c)) + w3 - 0x70e44324) | 0; a = (a << 30) | (a >>> 2)
  x = w1 ^ w12 ^ w6 ^ w4; w4 = (x << 1) | (x >>> 31)
  W[52] = w4
  c = (c + ((d << 5) | (d >>> 27)) + ((e & a) | (e & b) | (a & b)) + w4 - 0x70e44324) | 0; e = (e << 30) | (e >>> 2)
  x = w2 ^ w13 ^ w7 ^ w5; w5 = (x << 1) | (x >>> 31)
  W[53] = w5
  b = (b + ((c << 5) | (c >>> 27)) + ((d & e) | (d & a) | (e & a)) + w5 - 0x70e44324) | 0; d = (d << 30) | (d >>> 2)
  x = w3 ^ w14 ^ w8 ^ w6; w6 = (x << 1) | (x >>> 31)
  W[54] = w6
  a = (a + ((b << 5) | (b >>> 27)) + ((c & d) | (c & e) | (d & e)) + w6 - 0x70e44324) | 0; c = (c << 30) | (c >>> 2)
  x = w4 ^ w15 ^ w9 ^ w7; w7 = (x << 1) | (x >>> 31)
  W[55] = w7
  e = (e + ((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + w7 - 0x70e44324) | 0; b = (b << 30) | (b >>> 2)
  x = w5 ^ w0 ^ w10 ^ w8; w8 = (x << 1) | (x >>> 31)
  W[56] = w8
  d = (d + ((e << 5) | (e >>> 27)) + ((a & b) | (a & c) | (b & c)) + w8 - 0x70e44324) | 0; a = (a << 30) | (a >>> 2)
  x = w6 ^ w1 ^ w11 ^ w9; w9 = (x << 1) | (x >>> 31)
  W[57] = w9
  c = (c + ((d << 5) | (d >>> 27)) + ((e & a) | (e & b) | (a & b)) + w9 - 0x70e44324) | 0; e = (e << 30) | (e >>> 2)
  x = w7 ^ w2 ^ w12 ^ w10; w10 = (x << 1) | (x >>> 31)
  W[58] = w10
  S58[0] = c; S58[1] = d; S58[2] = e; S58[3] = a; S58[4] = b
  b = (b + ((c << 5) | (c >>> 27)) + ((d & e) | (d & a) | (e & a)) + w10 - 0x70e44324) | 0; d = (d << 30) | (d >>> 2)
  x = w8 ^ w3 ^ w13 ^ w11; w11 = (x << 1) | (x >>> 31)
  W[59] = w11
  a = (a + ((b << 5) | (b >>> 27)) + ((c & d) | (c & e) | (d & e)) + w11 - 0x70e44324) | 0; c = (c << 30) | (c >>> 2)
  x = w9 ^ w4 ^ w14 ^ w12; w12 = (x << 1) | (x >>> 31)
  W[60] = w12
  e = (e + ((a << 5) | (a >>> 27)) + (b ^ c ^ d) + w12 - 0x359d3e2a) | 0; b = (b << 30) | (b >>> 2)
  x = w10 ^ w5 ^ w15 ^ w13; w13 = (x << 1) | (x >>> 31)
  W[61] = w13
  d = (d + ((e << 5) | (e >>> 27)) + (a ^ b ^ c) + w13 - 0x359d3e2a) | 0; a = (a << 30) | (a >>> 2)
  x = w11 ^ w6 ^ w0 ^ w14; w14 = (x << 1) | (x >>> 31)
  W[62] = w14
  c = (c + ((d << 5) | (d >>> 27)) + (e ^ a ^ b) + w14 - 0x359d3e2a) | 0; e = (e << 30) | (e >>> 2)
  x = w12 ^ w7 ^ w1 ^ w15; w15 = (x << 1) | (x >>> 31)
  W[63] = w15
  b = (b + ((c << 5) | (c >>> 27)) + (d ^ e ^ a) + w15 - 0x359d3e2a) | 0; d = (d << 30) | (d >>> 2)
  x = w13 ^ w8 ^ w2 ^ w0; w0 = (x << 1) | (x >>> 31)
  W[64] = w0
  a = (a + ((b << 5) | (b >>> 27)) + (c ^ d ^ e) + w0 - 0x359d3e2a) | 0; c = (c << 30) | (c >>> 2)
  x = w14 ^ w9 ^ w3 ^ w1; w1 = (x << 1) | (x >>> 31)
  S65[0] = a; S65[1] = b; S65[2] = c; S65[3] = d; S65[4] = e
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
  OUT[0] = (H[0] + a) | 0
  OUT[1] = (H[1] + b) | 0
  OUT[2] = (H[2] + c) | 0
  OUT[3] = (H[3] + d) | 0
  OUT[4] = (H[4] + e) | 0
  const mask = ubcCheck(W)
  const collision = mask !== 0 && nearCollision(mask, src, at)
  H[0] = OUT[0]; H[1] = OUT[1]; H[2] = OUT[2]; H[3] = OUT[3]; H[4] = OUT[4]
  return collision
}

/** each DV's message XOR difference, all 80 words: expanded from the 16 DVS holds */
const DM = DVS.map(([, , , , first]) => {
  const dm = new Int32Array(80)
  for (let t = 0; t < 16; t++) dm[t] = first[t]
  for (let t = 16; t < 80; t++) {
    const x = dm[t - 3] ^ dm[t - 8] ^ dm[t - 14] ^ dm[t - 16]
    dm[t] = (x << 1) | (x >>> 31)
  }
  return dm
})

const M1 = new Int32Array(80)
const M2 = new Int32Array(80)
const IHV2 = new Int32Array(5)

/**
 * The rare path: some DV's bit conditions held. For each such DV, the
 * block with that DV's difference is run backwards from the saved state to
 * an input chaining value and forwards to an output; the block is half of a
 * collision if that output equals the real one.
 */
function nearCollision (mask: number, src: Uint8Array, at: number): boolean {
  for (let t = 0; t < 16; t++) M1[t] = (src[at + 4 * t] << 24) | (src[at + 4 * t + 1] << 16) | (src[at + 4 * t + 2] << 8) | src[at + 4 * t + 3]
  for (let t = 16; t < 80; t++) {
    const x = M1[t - 3] ^ M1[t - 8] ^ M1[t - 14] ^ M1[t - 16]
    M1[t] = (x << 1) | (x >>> 31)
  }
  for (let i = 0; i < DVS.length; i++) {
    if ((mask & (1 << i)) === 0) continue
    const dm = DM[i]
    for (let t = 0; t < 80; t++) M2[t] = M1[t] ^ dm[t]
    const testt = DVS[i][3]
    recompress(testt, testt === 58 ? S58 : S65, M2, IHV2)
    if (IHV2[0] === OUT[0] && IHV2[1] === OUT[1] && IHV2[2] === OUT[2] && IHV2[3] === OUT[3] && IHV2[4] === OUT[4]) return true
  }
  return false
}

/**
 * From `state` (a, b, c, d, e before step `t`, 58 or 65) and the expanded
 * message `m`: steps t-1..0 undone give an input chaining value, steps
 * t..79 done give the output, which `ihvOut` gets.
 */
function recompress (t: number, state: Int32Array, m: Int32Array, ihvOut: Int32Array): void {
  let a = state[0]; let b = state[1]; let c = state[2]; let d = state[3]; let e = state[4]
  // a step undone: (a, b, c, d, e) was (T, a', b' <<< 30, c', d') for T = step(a', b', c', d', e');
  // one loop per round, so no step asks which round it is in
  let s = t - 1
  for (; s >= 60; s--) {
    const pb = (c >>> 30) | (c << 2)
    const pe = (a - (((b << 5) | (b >>> 27)) + (pb ^ d ^ e) + K3 + m[s])) | 0
    a = b; b = pb; c = d; d = e; e = pe
  }
  for (; s >= 40; s--) {
    const pb = (c >>> 30) | (c << 2)
    const pe = (a - (((b << 5) | (b >>> 27)) + ((pb & d) | (pb & e) | (d & e)) + K2 + m[s])) | 0
    a = b; b = pb; c = d; d = e; e = pe
  }
  for (; s >= 20; s--) {
    const pb = (c >>> 30) | (c << 2)
    const pe = (a - (((b << 5) | (b >>> 27)) + (pb ^ d ^ e) + K1 + m[s])) | 0
    a = b; b = pb; c = d; d = e; e = pe
  }
  for (; s >= 0; s--) {
    const pb = (c >>> 30) | (c << 2)
    const pe = (a - (((b << 5) | (b >>> 27)) + ((pb & d) | (~pb & e)) + K0 + m[s])) | 0
    a = b; b = pb; c = d; d = e; e = pe
  }
  const i0 = a; const i1 = b; const i2 = c; const i3 = d; const i4 = e
  a = state[0]; b = state[1]; c = state[2]; d = state[3]; e = state[4]
  for (s = t; s < 60; s++) {
    const n = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + K2 + m[s]) | 0
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = n
  }
  for (; s < 80; s++) {
    const n = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + K3 + m[s]) | 0
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = n
  }
  ihvOut[0] = (i0 + a) | 0; ihvOut[1] = (i1 + b) | 0; ihvOut[2] = (i2 + c) | 0; ihvOut[3] = (i3 + d) | 0; ihvOut[4] = (i4 + e) | 0
}

const K0 = 0x5a827999
const K1 = 0x6ed9eba1
const K2 = 0x8f1bbcdc | 0
const K3 = 0xca62c1d6 | 0

const STATE = new Int32Array(5)
const BLOCK = new Uint8Array(64)

/**
 * As sha1.ts's sha1Into: writes SHA-1(prefix[0..p) ‖ body) into
 * `out[at..at+20)`, and returns true if a block of it is half of a
 * collision (the hash written is then SHA-1's all the same, to name it).
 */
export function sha1dcInto (prefix: Uint8Array, p: number, body: Uint8Array, out: Uint8Array, at: number): boolean {
  const H = STATE
  H[0] = 0x67452301
  H[1] = 0xefcdab89
  H[2] = 0x98badcfe
  H[3] = 0x10325476
  H[4] = 0xc3d2e1f0 | 0
  let collision = false
  const total = p + body.length
  const blocks = Math.floor((total + 8) / 64) + 1
  for (let k = 0; k < blocks; k++) {
    const s = k * 64
    if (s >= p && s + 64 <= total) {
      if (compressBlockDC(H, body, s - p)) collision = true
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
    if (compressBlockDC(H, BLOCK, 0)) collision = true
  }
  for (let i = 0; i < 5; i++) {
    const h = H[i]
    out[at + 4 * i] = h >>> 24
    out[at + 4 * i + 1] = h >>> 16
    out[at + 4 * i + 2] = h >>> 8
    out[at + 4 * i + 3] = h
  }
  return collision
}

const EMPTY = new Uint8Array(0)

/** SHA-1 of `bytes`, and whether sha1dc found a collision block in them. */
export function sha1dc (bytes: Uint8Array): { hash: Uint8Array, collision: boolean } {
  const hash = new Uint8Array(20)
  const collision = sha1dcInto(EMPTY, 0, bytes, hash, 0)
  return { hash, collision }
}
