// Reading git's pack index, version 2 (gitformat-pack): a fan-out table of
// 256 counts, the sorted ids, their CRC-32s, their 4-byte offsets (the top
// bit sends offsets past 2 GiB to a table of 8-byte ones), then the pack's
// checksum and the index's own. Our indexer wrote every .idx we hold (or git
// did, for a `.git` folder imported as it is), but a file on disk can still
// be cut short, so the sizes are checked before anything is read.
import { PackError } from './pack-error.js'
import { readUint32 } from './pack-reader.js'

const MAGIC = 0xff744f63
const HEADER = 8 + 256 * 4

export class PackIdx {
  readonly count: number
  private readonly crcsAt: number
  private readonly offsetsAt: number
  private readonly largeAt: number
  /** entry positions (in id order) sorted by their offset in the pack: made on first use */
  private byOffset: Int32Array | undefined
  private sortedOffsets: Float64Array | undefined

  constructor (readonly bytes: Uint8Array, readonly name = 'pack index') {
    if (bytes.length < HEADER + 40 || readUint32(bytes, 0) !== MAGIC || readUint32(bytes, 4) !== 2) throw new PackError(`${name} is not a version 2 pack index`)
    const n = readUint32(bytes, HEADER - 4)
    if (bytes.length < HEADER + n * 28 + 40) throw new PackError(`${name} is truncated`)
    this.count = n
    this.crcsAt = HEADER + n * 20
    this.offsetsAt = this.crcsAt + n * 4
    this.largeAt = this.offsetsAt + n * 4
  }

  /** The pack's own checksum, as the index repeats it. */
  packChecksum (): Uint8Array {
    const end = this.bytes.length
    return this.bytes.subarray(end - 40, end - 20)
  }

  /** The position (in id order) of the object whose 20-byte id is `id[at..at+20)`, or -1. */
  find (id: Uint8Array, at = 0): number {
    const idx = this.bytes
    const first = id[at]
    let lo = first === 0 ? 0 : readUint32(idx, 8 + (first - 1) * 4)
    let hi = readUint32(idx, 8 + first * 4) - 1
    // the first byte is the fan-out's; ids mostly differ in the next four,
    // compared as one number (a walk looks up every tree entry here)
    const key = readUint32(id, at + 1)
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const p = HEADER + mid * 20
      let c = readUint32(idx, p + 1) - key
      for (let i = 5; i < 20 && c === 0; i++) c = idx[p + i] - id[at + i]
      if (c === 0) return mid
      if (c < 0) lo = mid + 1
      else hi = mid - 1
    }
    return -1
  }

  /** Where the id of position `k` sits in `bytes` (20 bytes). */
  idAt (k: number): number { return HEADER + k * 20 }

  crc (k: number): number { return readUint32(this.bytes, this.crcsAt + k * 4) }

  offset (k: number): number {
    const small = readUint32(this.bytes, this.offsetsAt + k * 4)
    if ((small & 0x80000000) === 0) return small
    const big = this.largeAt + (small & 0x7fffffff) * 8
    if (big + 8 > this.bytes.length - 40) throw new PackError(`${this.name} has a large offset outside its table`)
    return readUint32(this.bytes, big) * 2 ** 32 + readUint32(this.bytes, big + 4)
  }

  /**
   * Where the entry at `offset` ends: where the next one starts, or the
   * trailer (`packSize` - 20). Entries lie back to back, so this is the
   * length of its bytes without reading the pack.
   */
  entryEnd (offset: number, packSize: number): number {
    const { sorted } = this.order()
    let lo = 0
    let hi = sorted.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      if (sorted[mid] <= offset) lo = mid + 1
      else hi = mid - 1
    }
    return lo < sorted.length ? sorted[lo] : packSize - 20
  }

  /** The position of the entry that starts at `offset`, or -1 (a delta's base, found by its offset). */
  atOffset (offset: number): number {
    const { sorted, positions } = this.order()
    let lo = 0
    let hi = sorted.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const v = sorted[mid]
      if (v === offset) return positions[mid]
      if (v < offset) lo = mid + 1
      else hi = mid - 1
    }
    return -1
  }

  /** Every entry in the order they lie in the pack: their offsets, ascending, and their positions in the index. */
  order (): { sorted: Float64Array, positions: Int32Array } {
    if (this.sortedOffsets == null || this.byOffset == null) {
      const n = this.count
      const offsets = new Float64Array(n)
      let max = 0
      for (let k = 0; k < n; k++) { offsets[k] = this.offset(k); if (offsets[k] > max) max = offsets[k] }
      const positions = new Int32Array(n)
      const sorted = new Float64Array(n)
      if (max < 2 ** 32) {
        // a radix sort of the 32-bit offsets: a comparator sort was a tenth of an export's time
        let keys = new Uint32Array(n)
        let ks = new Int32Array(n)
        for (let k = 0; k < n; k++) { keys[k] = offsets[k]; ks[k] = k }
        let keys2 = new Uint32Array(n)
        let ks2 = new Int32Array(n)
        const counts = new Int32Array(256)
        for (let shift = 0; shift < 32; shift += 8) {
          counts.fill(0)
          for (let i = 0; i < n; i++) counts[(keys[i] >>> shift) & 255]++
          for (let b = 0, sum = 0; b < 256; b++) { const c = counts[b]; counts[b] = sum; sum += c }
          for (let i = 0; i < n; i++) {
            const to = counts[(keys[i] >>> shift) & 255]++
            keys2[to] = keys[i]
            ks2[to] = ks[i]
          }
          ;[keys, keys2] = [keys2, keys]
          ;[ks, ks2] = [ks2, ks]
        }
        positions.set(ks)
        sorted.set(keys)
      } else {
        for (let k = 0; k < n; k++) positions[k] = k
        positions.sort((a, b) => offsets[a] - offsets[b])
        for (let i = 0; i < n; i++) sorted[i] = offsets[positions[i]]
      }
      this.byOffset = positions
      this.sortedOffsets = sorted
    }
    return { sorted: this.sortedOffsets, positions: this.byOffset }
  }
}
