// Writes a version 2 pack index (.idx), byte for byte what `git index-pack`
// writes for the same pack, so git and isomorphic-git can read it:
//   ff 74 4f 63 | version 2 | fanout[256] | sorted ids | CRC32s | 4-byte
//   offsets | 8-byte offsets (those ≥ 2^31) | pack checksum | idx checksum
// (https://git-scm.com/docs/gitformat-pack "pack-*.idx files have the following format")
import { sha1 } from './sha1.js'

export interface IdxEntries {
  /** each entry's 20-byte id, entry i at [i*20, i*20+20) */
  ids: Uint8Array
  /** each entry's CRC32 of its raw bytes in the pack */
  crcs: Uint32Array
  /** each entry's offset in the pack */
  offsets: Float64Array
  /** entry numbers sorted by id */
  order: ArrayLike<number>
  /** the pack's trailing SHA-1 */
  packChecksum: Uint8Array
}

const LARGE_OFFSET = 0x80000000

export function writeIdx ({ ids, crcs, offsets, order, packChecksum }: IdxEntries): Uint8Array {
  const n = order.length
  let large = 0
  for (let k = 0; k < n; k++) if (offsets[order[k]] >= LARGE_OFFSET) large++
  const size = 8 + 256 * 4 + n * (20 + 4 + 4) + large * 8 + 20 + 20
  const out = new Uint8Array(size)
  const view = new DataView(out.buffer)
  view.setUint32(0, 0xff744f63)
  view.setUint32(4, 2)

  // fanout[b] = how many ids have a first byte ≤ b
  const fanout = 8
  const idsAt = fanout + 256 * 4
  const crcsAt = idsAt + n * 20
  const offsetsAt = crcsAt + n * 4
  const largeAt = offsetsAt + n * 4
  let nextLarge = 0
  let b = 0
  for (let k = 0; k < n; k++) {
    const i = order[k]
    const first = ids[i * 20]
    while (b < first) view.setUint32(fanout + 4 * b++, k)
    out.set(ids.subarray(i * 20, i * 20 + 20), idsAt + k * 20)
    view.setUint32(crcsAt + 4 * k, crcs[i])
    const offset = offsets[i]
    if (offset < LARGE_OFFSET) {
      view.setUint32(offsetsAt + 4 * k, offset)
    } else {
      view.setUint32(offsetsAt + 4 * k, (LARGE_OFFSET | nextLarge) >>> 0)
      view.setUint32(largeAt + 8 * nextLarge, Math.floor(offset / 2 ** 32))
      view.setUint32(largeAt + 8 * nextLarge + 4, offset >>> 0)
      nextLarge++
    }
  }
  while (b < 256) view.setUint32(fanout + 4 * b++, n)

  const trailerAt = largeAt + large * 8
  out.set(packChecksum, trailerAt)
  out.set(sha1(out.subarray(0, trailerAt + 20)), trailerAt + 20)
  return out
}
