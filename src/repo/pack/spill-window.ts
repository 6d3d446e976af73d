// A pack kept somewhere else than in memory (a file, in Node: a PackSpill),
// with a window of it in memory for the indexer's first pass: from the entry
// it works on to as far as the window reaches. A chunk goes to the spill and
// into the hash; into the window too when the window holds everything before
// it and has room (after dropping what the first pass is done with).
// Otherwise it waits in the spill until the first pass gets there and the
// window is topped up from it (fill): when indexing falls behind the
// network, the backlog waits in the file, not in memory.
import { PackError } from './pack-error.js'
import { PACK_TRAILER_SIZE } from './pack-reader.js'

/** Where a pack goes instead of memory; see IndexPackOptions.spill. */
export interface PackSpill {
  /** appends the next bytes of the pack */
  write: (chunk: Uint8Array) => void
  /** bytes [start, end) of what was written */
  read: (start: number, end: number) => Uint8Array
  /** a SHA-1 fed with the pack as it arrives, for its checksum */
  sha1: { update: (bytes: Uint8Array) => void, digest: () => Uint8Array }
}

export class SpillWindow {
  /** the window: byte `origin` of the pack is buf[0], and it holds the pack up to `end` */
  buf: Uint8Array
  origin = 0
  end = 0
  /** the pack's last 20 bytes: its checksum */
  readonly trailer = new Uint8Array(PACK_TRAILER_SIZE)
  /** bytes of the pack written to the spill */
  private written = 0

  /** `limit`: where the pack's trailer starts */
  constructor (readonly spill: PackSpill, private readonly total: number, private readonly limit: number, windowBytes: number) {
    this.buf = new Uint8Array(Math.min(total, windowBytes))
  }

  /** The next bytes of the pack; `keepFrom`: the first byte the first pass still needs. */
  push (chunk: Uint8Array, keepFrom: number): void {
    this.spill.write(chunk)
    const hashed = Math.max(0, Math.min(chunk.length, this.limit - this.written))
    if (hashed > 0) this.spill.sha1.update(chunk.subarray(0, hashed))
    if (hashed < chunk.length) this.trailer.set(chunk.subarray(hashed), this.written + hashed - this.limit)
    const follows = this.end === this.written
    this.written += chunk.length
    if (!follows) return
    if (this.end - this.origin + chunk.length > this.buf.length) this.compact(keepFrom)
    if (this.end - this.origin + chunk.length > this.buf.length) return
    this.buf.set(chunk, this.end - this.origin)
    this.end += chunk.length
  }

  /** Whether bytes have arrived that are only in the spill. */
  get behind (): boolean {
    return this.end < this.written
  }

  /**
   * The window from `keepFrom` on, topped up from the spill with what has
   * arrived, and grown to hold at least `need` bytes (an entry larger than it).
   */
  fill (keepFrom: number, need: number): void {
    this.compact(keepFrom)
    if (need > this.buf.length) {
      const grown = allocate(Math.min(this.total, Math.max(this.buf.length * 2, need)))
      grown.set(this.buf.subarray(0, this.end - this.origin))
      this.buf = grown
    }
    const to = Math.min(this.written, this.origin + this.buf.length)
    if (to <= this.end) return
    this.buf.set(this.spill.read(this.end, to), this.end - this.origin)
    this.end = to
  }

  /** Lets go of the window. */
  release (): void {
    this.buf = new Uint8Array(0)
  }

  private compact (keepFrom: number): void {
    const drop = keepFrom - this.origin
    if (drop <= 0) return
    this.buf.copyWithin(0, drop, this.end - this.origin)
    this.origin += drop
  }
}

/** A buffer for (part of) a pack; a browser may refuse a very large one. */
export function allocate (bytes: number): Uint8Array {
  try {
    return new Uint8Array(bytes)
  } catch (err) {
    if (err instanceof RangeError) throw new PackError(`a pack of ${bytes} bytes is too large to hold here`)
    throw err
  }
}
