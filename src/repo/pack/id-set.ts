// A set of 20-byte object ids kept as bytes. Trees repeat most of their
// entries from one version to the next, so a pack's trees name the same ids
// over and over; checking membership on the raw bytes and turning only the
// distinct ids into hex strings at the end is several times cheaper than a
// Set<string> fed every entry.
//
// Open addressing on a hash of all 20 bytes, seeded per set: the ids come
// from a peer's trees and need not be real objects, so a fixed hash (say,
// the first 4 bytes) would let a crafted tree pile every id into one chain.
import { oidToHex } from './hex.js'

export class IdSet {
  private ids = new Uint8Array(20 * 1024)
  /** member number + 1 per slot, 0 when empty; the length is a power of two */
  private slots = new Int32Array(2048)
  private readonly seed = (Math.random() * 0x100000000) | 0
  size = 0

  /** Adds the id at `bytes[at..at+20)`. */
  add (bytes: Uint8Array, at: number): void {
    const mask = this.slots.length - 1
    let s = this.hash(bytes, at) & mask
    for (;;) {
      const m = this.slots[s]
      if (m === 0) break
      if (this.equals(m - 1, bytes, at)) return
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
  }

  /** Every member's 20 bytes, back to back (a copy). */
  toBytes (): Uint8Array {
    return this.ids.slice(0, this.size * 20)
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
