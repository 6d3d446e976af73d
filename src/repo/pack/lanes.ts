// Indexing one pack on two threads. Entries lie back to back with nothing
// saying where each starts, so the first pass is sequential by nature; but
// an entry start near the middle can be guessed (an entry header followed
// by a zlib stream that inflates to the size it declares, twice in a row),
// and a second lane can index from there while the first lane indexes up to
// it. The guess is checked, never trusted: the first lane, walking from the
// start, must land exactly on it, or it simply goes on alone to the end.
// The first lane then takes in the second's results (PackIndexer.merge) and
// resolves in its second pass the deltas neither lane could build at once.
// The second lane builds the bases it finds before the split from the pack
// itself (lane-bases.ts), so few of those are its own.
import { PackError } from './pack-error.js'
import { pakoInflater } from './inflate.js'
import { PACK_HEADER_SIZE, PACK_TRAILER_SIZE, readEntryHeader } from './pack-reader.js'
import type { InflateFn } from './inflate.js'

/** Below this, one lane is done before a second one would have started. */
export const MIN_LANES_PACK_BYTES = 4 * 1024 * 1024

/** The largest entry taken as a guess at a split (a random header may claim anything). */
const MAX_GUESSED_SIZE = 1 << 20

/** How far past `near` to look for an entry start. */
const SEARCH_BYTES = 1024 * 1024

/**
 * A likely entry start at or after `near`, or -1. Cheap to be wrong about:
 * a wrong guess costs the second lane's work, not correctness.
 */
export function findLaneSplit (pack: Uint8Array, near: number, inflate: InflateFn = pakoInflater()): number {
  const limit = pack.length - PACK_TRAILER_SIZE
  const stop = Math.min(limit - 64, near + SEARCH_BYTES)
  for (let p = Math.max(near, PACK_HEADER_SIZE + 1); p < stop; p++) {
    const next = entryEnd(pack, p, limit, inflate)
    if (next < 0 || next >= limit) continue
    if (entryEnd(pack, next, limit, inflate) > next) return p
  }
  return -1
}

/** Where the entry that would start at `p` ends, or -1 if none can start there. */
function entryEnd (pack: Uint8Array, p: number, limit: number, inflate: InflateFn): number {
  let h
  try {
    h = readEntryHeader(pack, p, limit)
  } catch {
    return -1
  }
  // a guess is not worth a large buffer: a real entry this big is just not chosen
  if (h.size > MAX_GUESSED_SIZE) return -1
  // a zlib header: deflate, and a header checksum that divides by 31
  const cmf = pack[h.dataStart]
  const flg = pack[h.dataStart + 1]
  if ((cmf & 0x0f) !== 8 || ((cmf << 8) | flg) % 31 !== 0) return -1
  try {
    return inflate(pack, h.dataStart, limit, h.size, true).end
  } catch (err) {
    if (err instanceof PackError) return -1
    throw err
  }
}
