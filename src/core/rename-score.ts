// How similar two files are, scored exactly as git scores rename candidates
// (diffcore-delta.c and estimate_similarity in diffcore-rename.c), so Guts
// pairs the same deleted and added files git does. Pure: no I/O.
//
// Content is cut into chunks ending at LF or after 64 bytes, each chunk
// hashed into one of HASHBASE buckets; "copied" bytes are, per bucket, the
// smaller of the two sides' byte counts. The score is copied bytes over the
// larger file's size, on git's scale of 0..MAX_SCORE.
import { isBinary } from './diff.js'

export const MAX_SCORE = 60000
/** git's default -M threshold: 50% */
export const DEFAULT_RENAME_SCORE = 30000
const HASHBASE = 107927

/** Chunk hash -> bytes, sorted by hash; computed once per file. */
export interface SpanCounts { hashes: Uint32Array, counts: Float64Array }

export function spanCounts (buf: Uint8Array): SpanCounts {
  const text = !isBinary(buf)
  const m = new Map<number, number>()
  let n = 0
  let accum1 = 0
  let accum2 = 0
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i]
    // git ignores the CR of a CRLF in text, so an EOL change keeps the score
    if (text && c === 13 && i + 1 < buf.length && buf[i + 1] === 10) continue
    const old1 = accum1
    accum1 = ((accum1 << 7) ^ (accum2 >>> 25)) >>> 0
    accum2 = ((accum2 << 7) ^ (old1 >>> 25)) >>> 0
    accum1 = (accum1 + c) >>> 0
    if (++n < 64 && c !== 10) continue
    // (accum1 + accum2 * 0x61) in unsigned 32-bit arithmetic, as in C
    const h = ((accum1 + Math.imul(accum2, 0x61)) >>> 0) % HASHBASE
    m.set(h, (m.get(h) ?? 0) + n)
    n = 0
    accum1 = accum2 = 0
  }
  const hashes = Uint32Array.from(m.keys()).sort()
  const counts = new Float64Array(hashes.length)
  for (let i = 0; i < hashes.length; i++) counts[i] = m.get(hashes[i])!
  return { hashes, counts }
}

/** Bytes of dst found in src (git's src_copied). */
export function copiedBytes (src: SpanCounts, dst: SpanCounts): number {
  const sh = src.hashes
  const sc = src.counts
  const dh = dst.hashes
  const dc = dst.counts
  const ns = sh.length
  const nd = dh.length
  let copied = 0
  let i = 0
  let j = 0
  while (i < ns && j < nd) {
    const a = sh[i]
    const b = dh[j]
    if (a < b) i++
    else if (b < a) j++
    else { copied += sc[i] < dc[j] ? sc[i] : dc[j]; i++; j++ }
  }
  return copied
}

/** git's cheap pre-check: a size change this large cannot reach minScore, so skip reading. */
export function sizesCanMatch (srcSize: number, dstSize: number, minScore = DEFAULT_RENAME_SCORE): boolean {
  const max = Math.max(srcSize, dstSize)
  const delta = max - Math.min(srcSize, dstSize)
  return !(max * (MAX_SCORE - minScore) < delta * MAX_SCORE)
}

/** git's estimate_similarity, for two regular files: 0..MAX_SCORE. */
export function similarity (src: SpanCounts, srcSize: number, dst: SpanCounts, dstSize: number, minScore = DEFAULT_RENAME_SCORE): number {
  if (!sizesCanMatch(srcSize, dstSize, minScore)) return 0
  if (dstSize === 0) return 0
  const max = Math.max(srcSize, dstSize)
  return Math.floor(copiedBytes(src, dst) * MAX_SCORE / max)
}

/** The percentage git prints after R (R087): floor(score * 100 / MAX_SCORE). */
export function scorePercent (score: number): number {
  return Math.floor(score * 100 / MAX_SCORE)
}
