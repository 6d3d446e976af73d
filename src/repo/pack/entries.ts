// The table the pack indexer fills in, one row per entry: where it starts,
// where its zlib data starts, its sizes, CRC, types and id, and how a delta
// points at its base. Typed arrays sized from the pack's header (a count
// already checked against the pack's length), shared with the second pass
// (second-pass.ts) and handed between lanes (lane-merge.ts).
import type { LanePart } from './lane-merge.js'

/** The table's columns, as a second lane hands them over. */
export type EntryColumns = Pick<LanePart, 'offsets' | 'dataStarts' | 'sizes' | 'crcs' | 'packTypes' | 'types' | 'ids' | 'hexIds' | 'ofsBase' | 'refBases'>

export class Entries {
  readonly offsets: Float64Array
  readonly dataStarts: Float64Array
  /** inflated size of the entry's zlib data */
  readonly sizes: Uint32Array
  readonly crcs: Uint32Array
  /** the entry's type in the pack (OBJ_OFS_DELTA and OBJ_REF_DELTA included) */
  readonly packTypes: Uint8Array
  /** object type once hashed, 0 before: doubles as "resolved" */
  readonly types: Uint8Array
  /** 20 bytes per entry */
  readonly ids: Uint8Array
  readonly hexIds: string[]
  /** OFS_DELTA: the base's entry number, else -1 */
  readonly ofsBase: Int32Array
  /** REF_DELTA entries: the id of their base */
  readonly refBases = new Map<number, string>()

  constructor (readonly count: number) {
    this.offsets = new Float64Array(count)
    this.dataStarts = new Float64Array(count)
    this.sizes = new Uint32Array(count)
    this.crcs = new Uint32Array(count)
    this.packTypes = new Uint8Array(count)
    this.types = new Uint8Array(count)
    this.ids = new Uint8Array(count * 20)
    this.hexIds = new Array(count)
    this.ofsBase = new Int32Array(count).fill(-1)
  }

  /** The first `n` rows, copied (a second lane's share of its part). */
  head (n: number): EntryColumns {
    return {
      offsets: this.offsets.slice(0, n),
      dataStarts: this.dataStarts.slice(0, n),
      sizes: this.sizes.slice(0, n),
      crcs: this.crcs.slice(0, n),
      packTypes: this.packTypes.slice(0, n),
      types: this.types.slice(0, n),
      ids: this.ids.slice(0, n * 20),
      hexIds: this.hexIds.slice(0, n),
      ofsBase: this.ofsBase.slice(0, n),
      refBases: this.refBases
    }
  }
}
