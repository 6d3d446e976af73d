// Indexes a packfile in memory: hashes every object (resolving deltas), and
// in the same pass collects what the commits, trees and tags point at, so an
// import can check its history is complete without reading it all again.
// Pure: no fs, no DOM; runs in Node, in the browser and in a worker.
//
//  1. Walk the entries in order, as the bytes arrive: inflate each (the only
//     way to find where it ends), CRC its raw bytes, hash it. A delta whose
//     base is still in a bounded cache of recently built objects is applied
//     and hashed there and then; the others wait. Git writes most deltas soon after their base, so
//     with the default budget most packs are done in this one pass.
//  2. For the deltas left (a REF_DELTA, a base evicted from the cache), walk
//     depth-first from each whole object whose subtree of deltas still holds
//     one, as `git index-pack` does (second-pass.ts).
//
// The pack can be held whole in memory, or spilled (a file, in Node) with
// only a window of it here; and a whole pack can be indexed in two lanes on
// two threads (lanes.ts, lane-merge.ts). What it learns of each entry goes
// into one table (entries.ts).
import { BaseCache } from './base-cache.js'
import { Entries } from './entries.js'
import { crc32 } from './crc32.js'
import { applyDelta } from './delta.js'
import { oidToHex } from './hex.js'
import { writeIdx } from './idx-writer.js'
import { wasmInflater } from './wasm-inflate.js'
import { IdSet } from './id-set.js'
import { hashReceivedObject, Sha1CollisionError, sha1Digest } from './object-id.js'
import { addCommitRefs, addTagRefs, addTreeRefs } from './object-refs.js'
import { resolveDeltas } from './second-pass.js'
import { allocate, SpillWindow } from './spill-window.js'
import { LaneBases } from './lane-bases.js'
import { mergeLanePart } from './lane-merge.js'
import type { LanePart } from './lane-merge.js'
import { PackError } from './pack-error.js'
import {
  OBJ_COMMIT, OBJ_OFS_DELTA, OBJ_REF_DELTA, OBJ_TAG, OBJ_TREE,
  PACK_HEADER_SIZE, PACK_TRAILER_SIZE, TYPE_NAMES, findEntry, readEntryHeader, readPackHeader
} from './pack-reader.js'
import { defaultCacheBytes } from './index-pack-options.js'
import type { IndexedPack, IndexPackOptions } from './index-pack-options.js'
import type { InflateFn } from './inflate.js'
import { equalBytes, yieldToEventLoop } from './yield.js'

export { PackError } from './pack-error.js'
export type { IndexedPack, IndexPackOptions } from './index-pack-options.js'
export type { InflateFn, Inflated } from './inflate.js'
export type { LanePart } from './lane-merge.js'
export type { PackSpill } from './spill-window.js'

/** How long to compute before giving the event loop a turn (and the caller progress). */
const SLICE_MS = 25

/** Indexes a whole pack held in memory. */
export async function indexPack (pack: Uint8Array, opts: IndexPackOptions = {}): Promise<IndexedPack> {
  const indexer = new PackIndexer(pack.length, { ...opts, buffer: pack })
  return indexer.finish()
}

/**
 * Indexes a pack while it arrives: push() its bytes as they come, then
 * finish(). The first pass runs on whatever has arrived, a slice at a time,
 * so hashing and delta resolution overlap the transfer; an entry is
 * processed once its whole zlib stream is in. A damaged pack fails push()
 * as soon as the damage is certain, so the sender can be cut off early.
 * The bytes go into one buffer of the announced size: no chunk is kept.
 */
export class PackIndexer {
  readonly total: number
  private readonly opts: IndexPackOptions
  private readonly inflate: InflateFn
  /** the whole pack, [0, received) of it arrived; or, with a spill, a window of it */
  private whole: Uint8Array
  private readonly window: SpillWindow | undefined
  private received: number
  private readonly limit: number
  private count = -1
  /** one row per entry, once the header is read */
  private entries!: Entries
  /** second lane: OFS_DELTAs whose base lies before the lane's start, by that base's offset */
  private readonly externalBases = new Map<number, number>()
  /** second lane: those bases, rebuilt from the pack before the lane (lane-bases.ts) */
  private readonly laneBases: LaneBases | undefined
  /** pass 1 stops once it reaches this offset (a lane's end, else the trailer) */
  private stopAt: number
  private readonly laneStart: number
  private cache!: BaseCache
  private readonly referenced = new IdSet()
  private readonly counts = { commit: 0, tree: 0, blob: 0, tag: 0 }
  private done = 0
  private pending = 0
  /** pass 1: the next entry and where it starts */
  private next = 0
  private pos = PACK_HEADER_SIZE
  /** an entry whose zlib stream ran past the data is tried again only once this much is in */
  private retryAt = 0
  private running = false
  private pump: Promise<void> = Promise.resolve()
  private failure: Error | undefined
  private sliceStart = 0
  /** results of deltas in pass 1 are hashed and copied into the cache: one buffer serves them all */
  private results = new Uint8Array(64 * 1024)

  /** `total`: the pack's size in bytes, as announced; `buffer`: the whole pack, when it is already here */
  constructor (total: number, opts: IndexPackOptions & { buffer?: Uint8Array } = {}) {
    opts.signal?.throwIfAborted()
    this.total = total
    this.opts = opts
    this.inflate = opts.inflate ?? wasmInflater()
    if (total < PACK_HEADER_SIZE + PACK_TRAILER_SIZE) throw new PackError(`pack is truncated: ${total} bytes`)
    if (opts.buffer != null && opts.buffer.length !== total) throw new Error('buffer must hold the whole pack')
    if (opts.buffer != null && opts.spill != null) throw new Error('a whole pack in memory needs no spill')
    this.limit = total - PACK_TRAILER_SIZE
    this.window = opts.spill != null ? new SpillWindow(opts.spill, total, this.limit, opts.windowBytes ?? 1 << 20) : undefined
    this.whole = opts.buffer ?? (this.window != null ? new Uint8Array(0) : allocate(total))
    this.received = opts.buffer != null ? total : 0
    if (opts.lane != null && opts.buffer == null) throw new Error('lanes need the whole pack in memory')
    const edge = opts.lane?.to ?? opts.lane?.from
    if (edge != null && !(edge > PACK_HEADER_SIZE && edge < this.limit)) throw new Error(`a lane edge must lie inside the pack, not at ${edge}`)
    this.stopAt = opts.lane?.to ?? this.limit
    this.laneStart = opts.lane?.from ?? PACK_HEADER_SIZE
    this.pos = this.laneStart
    // bases before the lane rebuilt here: at most 16 bytes per byte of the
    // lane (what it inflates itself is 3-5 per byte for source text)
    if (opts.lane?.from != null) this.laneBases = new LaneBases(opts.buffer!, opts.lane.from, this.inflate, 16 * (total - opts.lane.from))
  }

  /** Starts the first pass on a pack already in memory (a lane), ahead of finish(). */
  start (): void {
    this.kick()
  }

  /** Runs the first pass as far as the data and stopAt allow. */
  private async runPass1 (): Promise<void> {
    this.kick()
    // at least once: a run that failed at once has not recorded its failure yet
    do { await this.pump } while (this.running)
    if (this.failure != null) throw this.failure
  }

  /** The second lane: its first pass, then what it found. */
  async lanePart (): Promise<LanePart> {
    if (this.opts.lane?.from == null) throw new Error('lanePart() is for a lane that starts inside the pack')
    await this.runPass1()
    this.cache.clear()
    return {
      ...this.entries.head(this.next),
      n: this.next,
      end: this.pos,
      externalBases: this.externalBases,
      referenced: this.referenced.toBytes(),
      counts: this.counts,
      done: this.done,
      pending: this.pending
    }
  }

  /** Whether this first lane took in a second lane's results (else it went on alone). */
  merged = false

  /** The first lane takes in the second's results, its entries following its own. */
  private merge (part: LanePart): void {
    this.merged = true
    const base = this.next
    if (base + part.n !== this.count) throw new PackError(`pack holds ${base + part.n} objects, its header says ${this.count}`)
    // (the table's own arrays, filled in place)
    mergeLanePart({ ...this.entries, referenced: this.referenced }, base, part)
    for (const t of ['commit', 'tree', 'blob', 'tag'] as const) this.counts[t] += part.counts[t]
    this.done += part.done
    this.pending += part.pending
    this.next = base + part.n
    this.pos = part.end
  }

  /** Adds the next bytes of the pack. Throws if the pack is already known to be bad, or longer than announced. */
  push (chunk: Uint8Array): void {
    if (this.failure != null) throw this.failure
    if (this.received + chunk.length > this.total) throw new PackError(`the pack is longer than the ${this.total} bytes announced`)
    if (this.window != null) this.window.push(chunk, this.keepFrom)
    else this.whole.set(chunk, this.received)
    this.received += chunk.length
    this.kick()
  }

  /** The bytes in memory, whole or a window: pack[0] is byte `origin` of the pack. */
  private get pack (): Uint8Array { return this.window?.buf ?? this.whole }
  private get origin (): number { return this.window?.origin ?? 0 }
  /** Bytes [0, inMemory) of the pack have arrived and are in `pack` (from `origin` on). */
  private get inMemory (): number { return this.window?.end ?? this.received }
  /** the first byte the first pass still needs (all of them before the header is read) */
  private get keepFrom (): number { return this.count < 0 ? 0 : this.pos }

  /**
   * `pack`: the whole pack, unless it was spilled. The first of two lanes
   * takes the second's `part`; without one (it failed), or when the second
   * lane did not start where an entry starts, it goes on alone.
   */
  async finish (part?: LanePart): Promise<IndexedPack & { pack?: Uint8Array }> {
    if (this.received !== this.total) throw new PackError(`the pack ended after ${this.received} of ${this.total} bytes`)
    if (this.opts.lane?.from != null) throw new Error('the second lane ends with lanePart()')
    // native where available, and running while pass 1 finishes
    const digest = this.window != null ? Promise.resolve(this.window.spill.sha1.digest()) : sha1Digest(this.whole.subarray(0, this.limit))
    await this.runPass1()
    if (this.stopAt < this.limit) {
      // entries are found one after the other from the start: the split was
      // an entry's start only if the first lane landed exactly on it
      if (part != null && this.pos === this.stopAt && this.next < this.count) this.merge(part)
      else {
        this.stopAt = this.limit
        await this.runPass1()
      }
    }
    const { pack, count, limit } = this
    if (this.next < count) throw new PackError(`pack is truncated: it ends after ${this.next} of the ${count} objects its header announces`)
    this.cache.clear()
    this.results = new Uint8Array(0)
    if (this.pos !== limit) throw new PackError(`pack has ${limit - this.pos} bytes of garbage after its ${count} objects`)
    const packChecksum = this.window != null ? this.window.trailer : pack.subarray(limit)
    this.window?.release()
    if (!equalBytes(await digest, packChecksum)) throw new PackError('pack checksum does not match its contents')

    if (this.pending > 0) await this.resolvePending()

    const { hexIds, offsets, ids, crcs } = this.entries
    const order = Array.from({ length: count }, (_, i) => i)
    order.sort((a, b) => hexIds[a] < hexIds[b] ? -1 : hexIds[a] > hexIds[b] ? 1 : offsets[a] - offsets[b])
    const idx = writeIdx({ ids, crcs, offsets, order, packChecksum })
    const oids: string[] = []
    for (const i of order) if (oids.length === 0 || oids[oids.length - 1] !== hexIds[i]) oids.push(hexIds[i])
    this.opts.onProgress?.(count, count)
    const referenced = this.referenced.toHexSet()
    const own = new Set(oids)
    const outside = [...referenced].filter(id => !own.has(id))
    return { idx, oids, referenced, outside, counts: this.counts, pack: this.window != null ? undefined : pack }
  }

  private kick (): void {
    if (this.running || this.failure != null) return
    this.running = true
    this.pump = this.pass1().catch(err => { this.failure = err })
  }

  private async maybeYield (): Promise<void> {
    if (performance.now() - this.sliceStart < SLICE_MS) return
    this.opts.onProgress?.(this.done, Math.max(this.count, 0))
    await yieldToEventLoop()
    this.opts.signal?.throwIfAborted()
    this.sliceStart = performance.now()
  }

  // ---- pass 1: entry boundaries, CRCs, whole objects, deltas on cached bases

  private async pass1 (): Promise<void> {
    try {
      this.sliceStart = performance.now()
      this.opts.signal?.throwIfAborted()
      if (this.count < 0 && !this.readHeader()) return
      while (this.next < this.count && this.pos < this.stopAt && this.step()) {
        if ((this.next & 63) === 0) await this.maybeYield()
      }
    } finally {
      // set before the promise settles, so a push() after this starts a new run
      this.running = false
    }
  }

  private readHeader (): boolean {
    if (this.window?.behind === true) this.window.fill(this.keepFrom, 0)
    if (this.inMemory < PACK_HEADER_SIZE) return false
    const { count } = readPackHeader(this.pack.subarray(0, this.inMemory - this.origin), this.total)
    this.count = count
    this.entries = new Entries(count)
    // allocated at once for the default budget: growing would leave the smaller rings as garbage at the peak
    const cacheBytes = this.opts.cacheBytes ?? defaultCacheBytes(this.total)
    this.cache = new BaseCache(count, cacheBytes, Math.min(cacheBytes, Math.max(1 << 20, this.total)))
    return true
  }

  /** Processes the next entry if all of it is here; false when it must wait for more data. */
  private step (): boolean {
    // with a spill, bytes that arrived while pass 1 was behind wait there
    const w = this.window
    if (w?.behind === true && (w.end - this.pos < 64 * 1024 || w.end < this.retryAt)) {
      // (as far as an entry that ran past the data needs, once it is in)
      w.fill(this.pos, Math.min(this.received, this.retryAt) - this.pos)
    }
    const { pack, limit, cache, origin, entries: e } = this
    const i = this.next
    const pos = this.pos
    const complete = this.inMemory === this.total
    const avail = Math.min(this.inMemory, limit)
    // an entry header is at most 1 + 5 (size) + 20 (base id) bytes
    if (!complete && (avail - pos < 32 || avail < this.retryAt)) return false
    // positions in `pack` are relative to the window's origin (0 without a spill)
    const h = readEntryHeader(pack, pos - origin, limit - origin, origin)
    // a second lane's delta on a base before it: that base first, as the
    // inflater may reuse its buffer (the delta's own data is inflated next)
    const laneBase = h.type === OBJ_OFS_DELTA && h.baseOffset < this.laneStart ? this.laneBases?.get(h.baseOffset) : undefined
    let inflated
    try {
      // used (hashed, applied, copied into the cache) before the next inflate reuses its buffer
      inflated = this.inflate(pack, h.dataStart, avail - origin, h.size, true)
    } catch (err) {
      if (complete || !(err instanceof PackError)) throw err
      if (w?.behind === true) {
        // more of this entry is in the spill: take it in, the window grown
        // if the entry is larger than it, and try again
        w.fill(pos, 2 * (w.end - pos) + 64 * 1024)
        return true
      }
      // most likely the stream goes on past what has arrived: try again when
      // twice as much of it is here (or all of it), so a large object is
      // inflated a few times at most, not once per chunk
      this.retryAt = Math.min(limit, avail + Math.max(64 * 1024, avail - origin - h.dataStart))
      return false
    }
    const { data } = inflated
    const end = inflated.end + origin
    e.offsets[i] = pos
    e.dataStarts[i] = h.dataStart + origin
    e.sizes[i] = h.size
    e.packTypes[i] = h.type
    if (h.type === OBJ_OFS_DELTA && h.baseOffset < this.laneStart) {
      // a second lane's delta on a base the first lane has: resolved after the merge
      this.externalBases.set(i, h.baseOffset)
    } else if (h.type === OBJ_OFS_DELTA) {
      const b = findEntry(e.offsets, i, h.baseOffset)
      if (b < 0) throw new PackError(`delta at offset ${pos} points to offset ${h.baseOffset}, where no object starts`)
      e.ofsBase[i] = b
    } else if (h.type === OBJ_REF_DELTA) {
      e.refBases.set(i, oidToHex(pack, h.baseIdAt))
    }
    e.crcs[i] = crc32(pack, pos - origin, end - origin)
    if (h.type < OBJ_OFS_DELTA) {
      this.finishObject(i, h.type, data)
      cache.put(i, data)
    } else if (laneBase != null) {
      const content = applyDelta(laneBase.data, data, this.resultBuffer)
      this.finishObject(i, laneBase.type, content)
      cache.put(i, content)
    } else {
      const base = h.type === OBJ_OFS_DELTA && e.ofsBase[i] >= 0 ? cache.get(e.ofsBase[i]) : undefined
      if (base != null) {
        const content = applyDelta(base, data, this.resultBuffer)
        this.finishObject(i, e.types[e.ofsBase[i]], content)
        cache.put(i, content)
      } else {
        this.pending++
      }
    }
    this.pos = end
    this.next = i + 1
    this.retryAt = 0
    return true
  }

  private readonly resultBuffer = (size: number): Uint8Array => {
    if (this.results.length < size) this.results = new Uint8Array(Math.max(size, this.results.length * 2))
    return this.results.subarray(0, size)
  }

  /** Hashes entry i's object and notes what it refers to. */
  private finishObject (i: number, type: number, content: Uint8Array): void {
    const name = TYPE_NAMES[type] as keyof IndexedPack['counts']
    const e = this.entries
    // with collision detection: the store is shared with strangers (forks)
    const collision = hashReceivedObject(name, content, e.ids, i * 20)
    const hex = oidToHex(e.ids, i * 20)
    if (collision) throw new Sha1CollisionError(`the ${name} ${hex} at offset ${e.offsets[i]} is one half of a SHA-1 collision attack (as SHAttered): refused, as git refuses it`)
    e.hexIds[i] = hex
    e.types[i] = type
    this.counts[name]++
    if (type === OBJ_TREE) addTreeRefs(content, hex, this.referenced)
    else if (type === OBJ_COMMIT) addCommitRefs(content, hex, this.referenced)
    else if (type === OBJ_TAG) addTagRefs(content, hex, this.referenced)
    this.done++
  }

  // ---- pass 2: the deltas left (see second-pass.ts)

  private async resolvePending (): Promise<void> {
    const { pack, count, limit } = this
    const { offsets, dataStarts, sizes } = this.entries
    const spill = this.window?.spill
    await resolveDeltas(this.entries, {
      entryData: (i, transient) => {
        if (spill == null) return this.inflate(pack, dataStarts[i], limit, sizes[i], transient).data
        // entries lie back to back: this one ends where the next starts
        const bytes = spill.read(dataStarts[i], i + 1 < count ? offsets[i + 1] : limit)
        return this.inflate(bytes, 0, bytes.length, sizes[i], transient).data
      },
      built: (i, type, content) => {
        this.finishObject(i, type, content)
        this.pending--
      },
      left: () => this.pending,
      tick: async () => { if ((this.done & 63) === 63) await this.maybeYield() }
    })
  }
}
