// A second lane's deltas on bases before its start (lanes.ts). Left alone,
// such a delta, and every delta built on it, waits for the first lane's
// second pass, after both lanes: on bench/sync's pack that was 6,300 of the
// second lane's 15,100 entries, a serial tail of ~0.3 s. Instead the second
// lane rebuilds the base itself from the part of the pack before its start,
// walking the base's own delta chain as git's unpack_entry() does.
//
// Nothing read there is trusted. The first lane still checks, when it takes
// the part in, that each such base offset is where one of its entries starts
// (lane-merge.ts), so an object built here from a base that is not a real
// entry fails the pack. Anything odd (a damaged or REF_DELTA base, a chain
// too deep, the budget spent) leaves the delta pending, as before. The work
// is bounded: chains of at most MAX_DEPTH, and at most `budget` bytes
// inflated or built here, so a crafted pack cannot make the lane do more
// than a constant times its own work.
import { applyDelta } from './delta.js'
import { OBJ_OFS_DELTA, OBJ_REF_DELTA, readEntryHeader } from './pack-reader.js'
import type { InflateFn } from './inflate.js'

/** git's default --depth is 50 */
const MAX_DEPTH = 64

export interface LaneBase { type: number, data: Uint8Array }

export class LaneBases {
  /** built bases by offset, oldest first, within `memoBudget` bytes */
  private readonly memo = new Map<number, LaneBase>()
  private memoBytes = 0
  private spent = 0

  /**
   * `pack`: the whole pack; bases lie in [header, laneStart). `budget`: bytes
   * that may be inflated and built here in all.
   */
  constructor (
    private readonly pack: Uint8Array,
    private readonly laneStart: number,
    private readonly inflate: InflateFn,
    private readonly budget: number,
    private readonly memoBudget = 4 << 20
  ) {}

  /**
   * The object at `offset`, or undefined when it cannot be had here. Calls
   * the inflater: a transient result of it from before is gone after this.
   */
  get (offset: number): LaneBase | undefined {
    try {
      return this.build(offset, 0)
    } catch {
      return undefined // not an entry after all, or a damaged one: the first lane will say
    }
  }

  private build (offset: number, depth: number): LaneBase | undefined {
    const known = this.memo.get(offset)
    if (known != null) return known
    if (depth >= MAX_DEPTH || offset >= this.laneStart) return undefined
    const h = readEntryHeader(this.pack, offset, this.laneStart)
    if (h.type === OBJ_REF_DELTA) return undefined
    if (this.spent + h.size > this.budget) return undefined
    let base: LaneBase | undefined
    if (h.type === OBJ_OFS_DELTA) {
      base = this.build(h.baseOffset, depth + 1)
      if (base == null) return undefined
    }
    this.spent += h.size
    const data = this.inflate(this.pack, h.dataStart, this.laneStart, h.size, false).data
    let built: LaneBase
    if (base == null) {
      built = { type: h.type, data }
    } else {
      const content = applyDelta(base.data, data)
      this.spent += content.length
      built = { type: base.type, data: content }
    }
    this.remember(offset, built)
    return built
  }

  private remember (offset: number, base: LaneBase): void {
    if (base.data.length > this.memoBudget) return
    this.memo.set(offset, base)
    this.memoBytes += base.data.length
    for (const [k, v] of this.memo) {
      if (this.memoBytes <= this.memoBudget) break
      this.memo.delete(k)
      this.memoBytes -= v.data.length
    }
  }
}
