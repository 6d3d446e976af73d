// A hash table from object id to position in a pack's index, for a walk
// that looks up every tree entry it meets (an export: some 300,000 for
// preact's history): one or two probes where the index's binary search
// takes eight or so, a fifth of that walk's time. Made from the index in
// one pass; it holds positions only (the ids stay in the index). Hashed on
// the first eight bytes with a per-table seed, so ids crafted to share a
// prefix (cheap for 32 bits, not for 64) cannot pile into one chain.
import type { PackIdx } from './pack-idx.js'

const HEADER = 8 + 256 * 4

export class IdLookup {
  /** position + 1 per slot, 0 when empty; the length is a power of two, over twice the count */
  private readonly slots: Int32Array
  private readonly mask: number
  private readonly seed = (Math.random() * 0x100000000) | 0
  private readonly ids: Uint8Array

  constructor (idx: PackIdx) {
    this.ids = idx.bytes
    let size = 1024
    while (size < idx.count * 2) size *= 2
    this.slots = new Int32Array(size)
    this.mask = size - 1
    for (let k = 0; k < idx.count; k++) {
      let s = this.hash(this.ids, HEADER + k * 20) & this.mask
      while (this.slots[s] !== 0) s = (s + 1) & this.mask
      this.slots[s] = k + 1
    }
  }

  /** As PackIdx.find: the position of the id at `id[at..at+20)`, or -1. */
  find (id: Uint8Array, at = 0): number {
    const ids = this.ids
    const slots = this.slots
    for (let s = this.hash(id, at) & this.mask; ; s = (s + 1) & this.mask) {
      const m = slots[s]
      if (m === 0) return -1
      const p = HEADER + (m - 1) * 20
      let i = 0
      while (i < 20 && ids[p + i] === id[at + i]) i++
      if (i === 20) return m - 1
    }
  }

  private hash (b: Uint8Array, at: number): number {
    const w0 = (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]
    const w1 = (b[at + 4] << 24) | (b[at + 5] << 16) | (b[at + 6] << 8) | b[at + 7]
    let h = Math.imul(w0 ^ this.seed, 0x9e3779b1)
    h = Math.imul(h ^ (h >>> 15) ^ w1, 0x85ebca6b)
    return h ^ (h >>> 13)
  }
}
