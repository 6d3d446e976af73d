// What the pack indexer (index-pack.ts) takes and gives: its options, its
// result, and the default size of its delta-base cache.
import type { InflateFn } from './inflate.js'
import type { PackSpill } from './spill-window.js'

export interface IndexedPack {
  /** the .idx (version 2) for this pack, byte-identical to what git writes */
  idx: Uint8Array
  /** every object id in the pack, sorted, without duplicates */
  oids: string[]
  /** ids the pack's commits (tree, parents), trees (entries but gitlinks) and tags (target) point at */
  referenced: Set<string>
  /** those of `referenced` the pack does not hold itself: what must already be held for it to be complete */
  outside: string[]
  counts: { commit: number, tree: number, blob: number, tag: number }
}

export interface IndexPackOptions {
  /** objects hashed so far, of `total` */
  onProgress?: (done: number, total: number) => void
  signal?: AbortSignal
  /** an inflater to use instead of libdeflate's in wasm (wasm-inflate.ts; pako's where wasm is missing) */
  inflate?: InflateFn
  /** bytes of recently built objects kept as delta bases (default: the pack's size, within 1 to 4 MiB) */
  cacheBytes?: number
  /**
   * Keep the pack somewhere else than in memory (a file, in Node): the
   * indexer then holds only a window from the entry it is working on to
   * the last byte received, and reads back what the second pass needs.
   */
  spill?: PackSpill
  /** with a spill: the window's starting size (default 1 MiB); it grows for an entry larger than that */
  windowBytes?: number
  /**
   * Index one lane of a whole pack held in memory, so that two threads can
   * share the work (see lanes.ts): `to`, the first lane, stops its first
   * pass there and takes the second lane's results in finish(); `from`, the
   * second lane, starts there and hands its results over with lanePart().
   */
  lane?: { to: number, from?: undefined } | { from: number, to?: undefined }
}

/**
 * The default cache budget: the pack's size, within [1, 4] MiB. Measured on
 * an 8 MB pack of 13,789 objects (34 MB inflated): deltas whose base had to
 * be inflated again were 1,202 at 8 MiB, 179 at 16 MiB, none at 32 MiB, and
 * the time hardly differed (git writes most deltas close to their base),
 * while the peak memory grew with the budget. On the 19 MB, 34,514-object
 * pack of bench/sync, 4 MiB took as long as 16 MiB (1.32 vs 1.31 s) and
 * the peak grew 12 MB less.
 */
export function defaultCacheBytes (packBytes: number): number {
  const MiB = 1024 * 1024
  return Math.min(4 * MiB, Math.max(MiB, packBytes))
}
