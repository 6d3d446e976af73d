// The first of two lanes (lanes.ts) taking in what the second found: the
// second lane's entries follow the first's, so its entry numbers shift by
// the first's count, and its deltas on bases before the split are tied to
// the first lane's entries by offset. Plain arrays in, plain arrays out.
import { PackError } from './pack-error.js'
import { findEntry } from './pack-reader.js'
import type { IndexedPack } from './index-pack-options.js'
import type { IdSet } from './id-set.js'

/** What the second lane of a pack found, for the first lane to take in (plain data, for postMessage). */
export interface LanePart {
  /** entries processed, from the lane's start */
  n: number
  /** where the lane's last entry ends */
  end: number
  offsets: Float64Array
  dataStarts: Float64Array
  sizes: Uint32Array
  crcs: Uint32Array
  packTypes: Uint8Array
  types: Uint8Array
  ids: Uint8Array
  hexIds: Array<string | undefined>
  /** OFS_DELTA: the base's entry number within the lane, or -1 */
  ofsBase: Int32Array
  /** OFS_DELTAs whose base lies before the lane: entry -> the base's offset */
  externalBases: Map<number, number>
  refBases: Map<number, string>
  referenced: Uint8Array
  counts: IndexedPack['counts']
  done: number
  pending: number
}

/** The first lane's per-entry arrays, sized for the whole pack: the part's, but every entry named and the references as a set. */
export type LaneTarget = Pick<LanePart, 'offsets' | 'dataStarts' | 'sizes' | 'crcs' | 'packTypes' | 'types' | 'ids' | 'ofsBase' | 'refBases'> & {
  hexIds: string[]
  referenced: IdSet
}

/** Copies `part` in after the first lane's `base` entries. */
export function mergeLanePart (into: LaneTarget, base: number, part: LanePart): void {
  for (let k = 0; k < part.n; k++) {
    const g = base + k
    into.offsets[g] = part.offsets[k]
    into.dataStarts[g] = part.dataStarts[k]
    into.sizes[g] = part.sizes[k]
    into.crcs[g] = part.crcs[k]
    into.packTypes[g] = part.packTypes[k]
    into.types[g] = part.types[k]
    const hex = part.hexIds[k]
    if (hex != null) into.hexIds[g] = hex
    if (part.ofsBase[k] >= 0) into.ofsBase[g] = base + part.ofsBase[k]
  }
  into.ids.set(part.ids, base * 20)
  for (const [k, offset] of part.externalBases) {
    const b = findEntry(into.offsets, base, offset)
    if (b < 0) throw new PackError(`delta at offset ${part.offsets[k]} points to offset ${offset}, where no object starts`)
    into.ofsBase[base + k] = b
  }
  for (const [k, hex] of part.refBases) into.refBases.set(base + k, hex)
  for (let m = 0; m < part.referenced.length; m += 20) into.referenced.add(part.referenced, m)
}
