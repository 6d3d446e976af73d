// Reading the framing of a packfile (https://git-scm.com/docs/gitformat-pack):
// the 12-byte header and each entry's header (type, inflated size, and for
// deltas where the base is). The zlib data after an entry header is inflated
// elsewhere (inflate.ts). Every read is checked against the end of the input,
// and declared sizes against caps, because the pack comes from a peer.
import { PackError } from './pack-error.js'

export const OBJ_COMMIT = 1
export const OBJ_TREE = 2
export const OBJ_BLOB = 3
export const OBJ_TAG = 4
export const OBJ_OFS_DELTA = 6
export const OBJ_REF_DELTA = 7

/** names of the non-delta types, by type number */
export const TYPE_NAMES = ['', 'commit', 'tree', 'blob', 'tag'] as const
export type ObjectTypeName = 'commit' | 'tree' | 'blob' | 'tag'

/** The largest object (or delta) we agree to inflate: a sanity cap, not git's. */
export const MAX_OBJECT_SIZE = 1 << 30

/** deflate cannot compress better than about 1032:1, so a larger claim is a lie */
const MAX_DEFLATE_RATIO = 1032

export const PACK_HEADER_SIZE = 12
export const PACK_TRAILER_SIZE = 20
/** an entry is at least a 1-byte header plus a zlib stream of at least 8 bytes */
const MIN_ENTRY_SIZE = 9

export interface PackHeader {
  version: number
  count: number
}

/** `size`: the whole pack's size, when `pack` holds only its start */
export function readPackHeader (pack: Uint8Array, size = pack.length): PackHeader {
  if (size < PACK_HEADER_SIZE + PACK_TRAILER_SIZE || pack.length < PACK_HEADER_SIZE) throw new PackError(`pack is truncated: ${size} bytes`)
  if (pack[0] !== 0x50 || pack[1] !== 0x41 || pack[2] !== 0x43 || pack[3] !== 0x4b) throw new PackError('not a packfile: it does not start with "PACK"')
  const version = readUint32(pack, 4)
  if (version !== 2 && version !== 3) throw new PackError(`unsupported pack version ${version}`)
  const count = readUint32(pack, 8)
  const room = size - PACK_HEADER_SIZE - PACK_TRAILER_SIZE
  // checked before anything is allocated per entry
  if (count > Math.floor(room / MIN_ENTRY_SIZE)) throw new PackError(`pack claims ${count} objects but is too short to hold them`)
  return { version, count }
}

export interface EntryHeader {
  /** OBJ_* */
  type: number
  /** inflated size: of the object, or for a delta of the delta data */
  size: number
  /** OFS_DELTA: the pack offset of the base entry; otherwise -1 */
  baseOffset: number
  /** REF_DELTA: where in the pack the base's 20-byte id sits; otherwise -1 */
  baseIdAt: number
  /** where the zlib stream starts */
  dataStart: number
}

/**
 * Reads the header of the entry at `pos`; `limit` is where the trailer
 * starts. `origin`: where `pack[0]` sits in the whole pack, when `pack` is
 * a window onto it (positions in and out are relative to the window, but
 * `baseOffset`, which points back into the pack, is absolute).
 */
export function readEntryHeader (pack: Uint8Array, pos: number, limit: number, origin = 0): EntryHeader {
  const at = origin + pos // the entry's offset in the whole pack
  let p = pos
  if (p >= limit) throw new PackError(`pack is truncated: entry at offset ${at} is missing`)
  let c = pack[p++]
  const type = (c >> 4) & 7
  let size = c & 15
  let scale = 16
  while ((c & 0x80) !== 0) {
    if (p >= limit) throw new PackError(`pack is truncated in the header of the entry at offset ${at}`)
    c = pack[p++]
    size += (c & 0x7f) * scale
    scale *= 128
    if (size > MAX_OBJECT_SIZE || scale > 2 ** 53) throw new PackError(`entry at offset ${at} declares a size over ${MAX_OBJECT_SIZE} bytes`)
  }
  let baseOffset = -1
  let baseIdAt = -1
  if (type === OBJ_OFS_DELTA) {
    // big-endian base-128 distance back to the base, with 1 added per extra
    // byte so each length has its own range (gitformat-pack "offset encoding")
    if (p >= limit) throw new PackError(`pack is truncated in the header of the entry at offset ${at}`)
    c = pack[p++]
    let distance = c & 0x7f
    while ((c & 0x80) !== 0) {
      if (p >= limit) throw new PackError(`pack is truncated in the header of the entry at offset ${at}`)
      c = pack[p++]
      distance = (distance + 1) * 128 + (c & 0x7f)
      if (distance > at) break
    }
    if (distance === 0 || at - distance < PACK_HEADER_SIZE) throw new PackError(`delta at offset ${at} points to a base outside the pack`)
    baseOffset = at - distance
  } else if (type === OBJ_REF_DELTA) {
    if (p + 20 > limit) throw new PackError(`pack is truncated in the header of the entry at offset ${at}`)
    baseIdAt = p
    p += 20
  } else if (type < OBJ_COMMIT || type > OBJ_TAG) {
    throw new PackError(`entry at offset ${at} has invalid type ${type}`)
  }
  if (size > (limit - p) * MAX_DEFLATE_RATIO) throw new PackError(`entry at offset ${at} declares ${size} bytes, more than the rest of the pack can hold`)
  return { type, size, baseOffset, baseIdAt, dataStart: p }
}

export function readUint32 (bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0
}

/** The entry (of the first `n`, sorted by offset) that starts at `offset`, or -1. */
export function findEntry (offsets: Float64Array, n: number, offset: number): number {
  let lo = 0
  let hi = n - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const v = offsets[mid]
    if (v === offset) return mid
    if (v < offset) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}
