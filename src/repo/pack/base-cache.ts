// Recently built objects, kept so that a delta coming later in the pack can
// be applied at once instead of rebuilding its base. Git writes a delta soon
// after its base more often than not, so a modest budget resolves most deltas
// during the first pass.
//
// The objects are copied into one ring buffer, oldest overwritten first,
// rather than each kept in an array of its own: tens of thousands of
// short-lived ArrayBuffers made V8 collect garbage for a good part of the
// indexing time. The ring starts at `initial` bytes (the caller's guess of
// what it will need) and doubles up to the budget.
export class BaseCache {
  private ring: Uint8Array
  /** where the next object goes */
  private write = 0
  /** per entry: its offset in the ring, or -1 when not held */
  private readonly at: Float64Array
  private readonly length: Uint32Array
  /** entries held, oldest first (a queue over a circular array) */
  private readonly queue: Int32Array
  private head = 0
  private held = 0

  /** `entries`: how many entries the pack has; `budget`: the most bytes held */
  constructor (entries: number, readonly budget: number, initial = 1 << 20) {
    this.ring = new Uint8Array(Math.min(budget, initial))
    this.at = new Float64Array(entries).fill(-1)
    this.length = new Uint32Array(entries)
    this.queue = new Int32Array(Math.max(entries, 1))
  }

  /** Entry's content, or undefined. A view into the ring: valid until the next put. */
  get (entry: number): Uint8Array | undefined {
    const at = this.at[entry]
    return at < 0 ? undefined : this.ring.subarray(at, at + this.length[entry])
  }

  /** Keeps a copy of `data` as entry's content, if it fits the budget at all. */
  put (entry: number, data: Uint8Array): void {
    const n = data.length
    if (n > this.budget || this.at[entry] >= 0) return
    if (this.write + n > this.ring.length && this.ring.length < this.budget) {
      // grow rather than wrap: everything held keeps its offset
      const grown = new Uint8Array(Math.min(this.budget, Math.max(this.ring.length * 2, this.write + n)))
      grown.set(this.ring.subarray(0, this.write))
      this.ring = grown
    }
    if (this.write + n > this.ring.length) {
      // wrap: what lies past the end of this lap is the oldest; drop it
      while (this.held > 0 && this.at[this.oldest()] >= this.write) this.evict()
      this.write = 0
    }
    // drop the oldest objects that [write, write + n) overwrites
    while (this.held > 0 && this.at[this.oldest()] >= this.write && this.at[this.oldest()] < this.write + n) this.evict()
    this.ring.set(data, this.write)
    this.at[entry] = this.write
    this.length[entry] = n
    this.queue[(this.head + this.held) % this.queue.length] = entry
    this.held++
    this.write += n
  }

  clear (): void {
    this.ring = new Uint8Array(0)
    this.at.fill(-1)
    this.held = 0
    this.write = 0
  }

  private oldest (): number {
    return this.queue[this.head]
  }

  private evict (): void {
    this.at[this.queue[this.head]] = -1
    this.head = (this.head + 1) % this.queue.length
    this.held--
  }
}
