// A set of 20-byte object ids, looked up on the raw bytes: a history walk
// meets each tree entry's id as 20 bytes inside the tree, and most of them
// were met before (trees repeat most entries from one version to the
// next), so checking the bytes first and making a hex string only for the
// new ones saves a string per entry. (id-set.ts is the indexer's
// add-only twin.) Hashed on all 20 bytes with a per-set seed: the trees
// may be a peer's, crafted to pile ids into one chain.
import { oidToHex } from './hex.js'
import { PackError } from './pack-error.js'

export class IdTable {
  private ids = new Uint8Array(20 * 1024)
  /** member number + 1 per slot, 0 when empty; the length is a power of two */
  private slots = new Int32Array(2048)
  private readonly seed = (Math.random() * 0x100000000) | 0
  private readonly scratch = new Uint8Array(20)
  size = 0

  /** Adds the id at `bytes[at..at+20)`; false if it was a member already. */
  add (bytes: Uint8Array, at: number): boolean {
    const mask = this.slots.length - 1
    let s = this.hash(bytes, at) & mask
    for (;;) {
      const m = this.slots[s]
      if (m === 0) break
      if (this.equals(m - 1, bytes, at)) return false
      s = (s + 1) & mask
    }
    if (this.size * 20 === this.ids.length) {
      const grown = new Uint8Array(this.ids.length * 2)
      grown.set(this.ids)
      this.ids = grown
    }
    this.ids.set(bytes.subarray(at, at + 20), this.size * 20)
    this.slots[s] = ++this.size
    if (this.size * 2 > this.slots.length) this.rehash()
    return true
  }

  has (bytes: Uint8Array, at: number): boolean {
    const mask = this.slots.length - 1
    for (let s = this.hash(bytes, at) & mask; ; s = (s + 1) & mask) {
      const m = this.slots[s]
      if (m === 0) return false
      if (this.equals(m - 1, bytes, at)) return true
    }
  }

  /** As has, for a hex id (false for anything that is not one). */
  hasHex (oid: string): boolean {
    if (oid.length !== 40) return false
    for (let i = 0; i < 20; i++) {
      const v = parseInt(oid.slice(2 * i, 2 * i + 2), 16)
      if (Number.isNaN(v)) return false
      this.scratch[i] = v
    }
    return this.has(this.scratch, 0)
  }

  /** Every member as a hex string. */
  toHexSet (into = new Set<string>()): Set<string> {
    for (let m = 0; m < this.size; m++) into.add(oidToHex(this.ids, m * 20))
    return into
  }

  private hash (bytes: Uint8Array, at: number): number {
    let h = this.seed
    for (let i = at; i < at + 20; i += 4) {
      const k = (bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3]
      h = Math.imul(h ^ k, 0x9e3779b1)
      h ^= h >>> 15
    }
    h = Math.imul(h ^ (h >>> 13), 0x85ebca6b)
    return h ^ (h >>> 16)
  }

  private equals (m: number, bytes: Uint8Array, at: number): boolean {
    const ids = this.ids
    const o = m * 20
    for (let i = 0; i < 20; i++) if (ids[o + i] !== bytes[at + i]) return false
    return true
  }

  private rehash (): void {
    const slots = new Int32Array(this.slots.length * 2)
    const mask = slots.length - 1
    for (let m = 0; m < this.size; m++) {
      let s = this.hash(this.ids, m * 20) & mask
      while (slots[s] !== 0) s = (s + 1) & mask
      slots[s] = m + 1
    }
    this.slots = slots
  }
}

/**
 * Calls `fn` with each entry of a tree held already (its bytes checked
 * when it arrived): whether it is a tree, a blob or a gitlink, and where
 * its 20-byte id sits in `data`. No names decoded: a walk that only
 * collects ids does not need them.
 */
export function scanTree (data: Uint8Array, id: string, fn: (kind: 'tree' | 'blob' | 'commit', idAt: number) => void): void {
  const end = data.length
  let p = 0
  while (p < end) {
    let mode = 0
    for (; p < end && data[p] !== 0x20; p++) mode = mode * 8 + (data[p] - 0x30)
    let nul = p + 1
    while (nul < end && data[nul] !== 0) nul++
    if (nul + 21 > end) throw new PackError(`tree ${id} is malformed: truncated entry at byte ${p}`)
    const fmt = mode & 0o170000
    fn(fmt === 0o040000 ? 'tree' : fmt === 0o100000 || fmt === 0o120000 ? 'blob' : 'commit', nul + 1)
    p = nul + 21
  }
}
