// Recently built objects, kept so that a delta coming later in the pack can
// be applied at once instead of rebuilding its base. Git writes a delta soon
// after its base more often than not, so a modest budget resolves most deltas
// during the first pass. Least recently used goes first; bounded in bytes.
export class BaseCache {
  private readonly entries = new Map<number, Uint8Array>()
  private bytes = 0

  constructor (readonly budget: number) {}

  get (entry: number): Uint8Array | undefined {
    const data = this.entries.get(entry)
    if (data != null) {
      // Map iterates in insertion order: re-inserting marks it most recent
      this.entries.delete(entry)
      this.entries.set(entry, data)
    }
    return data
  }

  /** Whether an object of `size` bytes could be kept at all. */
  fits (size: number): boolean {
    return size <= this.budget
  }

  put (entry: number, data: Uint8Array): void {
    if (!this.fits(data.length) || this.entries.has(entry)) return
    this.entries.set(entry, data)
    this.bytes += data.length
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.budget) break
      this.entries.delete(oldest)
      this.bytes -= old.length
    }
  }

  clear (): void {
    this.entries.clear()
    this.bytes = 0
  }
}
