// The objects a repository holds, read straight from its packs (found
// through their .idx files) and its loose objects: what the pack writer
// copies entries from, and what history walks read commits and trees from.
// Pure: the files come through an injected `ObjectFiles` (object-files.ts
// reads them from a git directory), so it runs in Node and in the tab.
//
// A pack is loaded whole the first time one of its objects is asked for, as
// isomorphic-git loads it: the tab's file system reads only whole files.
// Resolved objects are kept, up to a budget, as bases for the deltas that
// follow: a walk from the tips meets the newest versions first, and git
// keeps those whole and the older ones as deltas against them.
import { applyDelta } from './delta.js'
import { oidToHex } from './hex.js'
import { PackError } from './pack-error.js'
import { PackIdx } from './pack-idx.js'
import { OBJ_OFS_DELTA, OBJ_REF_DELTA, PACK_TRAILER_SIZE, TYPE_NAMES, readEntryHeader } from './pack-reader.js'
import { wasmInflater } from './wasm-inflate.js'
import { inflateLoose } from './zlib-whole.js'
import { equalBytes } from './yield.js'
import type { EntryHeader, ObjectTypeName } from './pack-reader.js'
import type { InflateFn } from './inflate.js'

export interface StoredPackFile {
  /** `pack-<checksum>`, for messages and ordering */
  name: string
  idx: Uint8Array
  /** the pack's bytes, whole */
  load: () => Promise<Uint8Array>
}

export interface ObjectFiles {
  packs: StoredPackFile[]
  /** ids of the loose objects */
  loose: string[]
  /** a loose object's file (a zlib stream of `<type> <size>\0<content>`) */
  readLoose: (oid: string) => Promise<Uint8Array>
}

export interface RawObject { type: ObjectTypeName, data: Uint8Array }

/** Where an object sits: pack number, its position in that pack's index, its offset. */
export interface PackedAt { pack: number, k: number, offset: number }

/** An entry of a stored pack, as the writer copies it. */
export interface StoredEntry extends EntryHeader {
  offset: number
  /** where the next entry (or the trailer) starts */
  end: number
}

/** Decodes a 40-character lowercase hex id into `out`; false if it is not one. */
function hexToId (oid: string, out: Uint8Array): boolean {
  if (oid.length !== 40) return false
  for (let i = 0; i < 20; i++) {
    const hi = hexValue(oid.charCodeAt(2 * i))
    const lo = hexValue(oid.charCodeAt(2 * i + 1))
    if (hi < 0 || lo < 0) return false
    out[i] = (hi << 4) | lo
  }
  return true
}

const hexValue = (c: number): number => c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1

/** bytes of resolved objects kept as delta bases */
const BASE_BUDGET = 32 << 20
/** a longer chain than git ever writes (its --depth caps at 4095): a loop */
const MAX_CHAIN = 5000

export class ObjectStore {
  readonly packs: Array<{ file: StoredPackFile, idx: PackIdx, bytes?: Uint8Array, loading?: Promise<Uint8Array> }>
  private readonly loose: Set<string>
  private readonly bases = new Map<number, RawObject>()
  private baseBytes = 0
  private readonly id = new Uint8Array(20)
  private inflater: InflateFn | undefined

  constructor (private readonly files: ObjectFiles) {
    this.packs = files.packs.map(file => ({ file, idx: new PackIdx(file.idx, `${file.name}.idx`) }))
    this.loose = new Set(files.loose)
  }

  get looseIds (): string[] { return [...this.loose] }

  /** Whether the object is held, in a pack or loose. */
  has (oid: string): boolean {
    return this.locate(oid) != null || this.loose.has(oid)
  }

  isLoose (oid: string): boolean { return this.loose.has(oid) }

  /** The first pack holding `oid`, or undefined (it may still be loose). */
  locate (oid: string): PackedAt | undefined {
    return hexToId(oid, this.id) ? this.locateId(this.id, 0) : undefined
  }

  /** As locate, for a 20-byte id at `bytes[at..)`. */
  locateId (bytes: Uint8Array, at: number): PackedAt | undefined {
    for (let p = 0; p < this.packs.length; p++) {
      const idx = this.packs[p].idx
      const k = idx.find(bytes, at)
      if (k >= 0) return { pack: p, k, offset: idx.offset(k) }
    }
    return undefined
  }

  /** The hex id of position `k` of pack `p`'s index. */
  oidAt (p: number, k: number): string {
    const idx = this.packs[p].idx
    return oidToHex(idx.bytes, idx.idAt(k))
  }

  /** Pack `p`'s bytes, loaded on first use; checked to be the pack its index was made for. */
  async packBytes (p: number): Promise<Uint8Array> {
    const pack = this.packs[p]
    if (pack.bytes != null) return pack.bytes
    // one load however many readers ask meanwhile (a tree and its parents' are read at once)
    pack.loading ??= (async () => {
      const bytes = await pack.file.load()
      if (bytes.length < 32 || !equalBytes(bytes.subarray(bytes.length - PACK_TRAILER_SIZE), pack.idx.packChecksum())) {
        throw new PackError(`${pack.file.name}.pack does not match its index`)
      }
      return bytes
    })().finally(() => { pack.loading = undefined })
    pack.bytes = await pack.loading
    return pack.bytes
  }

  /** The entry at `offset` of pack `p`: its header and where its bytes end. */
  async entry (p: number, offset: number): Promise<StoredEntry> {
    const bytes = await this.packBytes(p)
    const h = readEntryHeader(bytes, offset, bytes.length - PACK_TRAILER_SIZE)
    return { ...h, offset, end: this.packs[p].idx.entryEnd(offset, bytes.length) }
  }

  /** The object, or undefined when it is not held. */
  async read (oid: string): Promise<RawObject | undefined> {
    const at = this.locate(oid)
    if (at != null) return await this.resolve(at.pack, at.offset, oid)
    if (this.loose.has(oid)) return inflateLoose(await this.files.readLoose(oid), oid)
    return undefined
  }

  /** The object whose entry is at `offset` of pack `p`, its deltas applied. */
  async resolve (p: number, offset: number, name = `at offset ${offset}`): Promise<RawObject> {
    // the packs its chain passes through are loaded on the way (mostly the one, loaded already)
    for (;;) {
      const got = this.resolveLoaded(p, offset, name)
      if (typeof got !== 'number') return got
      await this.packBytes(got)
    }
  }

  /**
   * As resolve, without waiting: a walk over packs loaded up front calls it
   * for every tree, and an await per delta was a third of its time. Returns
   * the number of the first pack the chain needs that is not loaded yet
   * (load it, and ask again), before any delta is applied.
   */
  resolveLoaded (p: number, offset: number, name = `at offset ${offset}`): RawObject | number {
    const inflate = this.inflater ??= wasmInflater()
    // follow the chain down to a base held or whole, then apply the deltas back up
    const chain: number[] = [] // pack, offset, data start, delta size: four per delta
    let base: RawObject | undefined
    for (;;) {
      const key = this.baseKey(p, offset)
      base = this.bases.get(key)
      if (base != null) break
      const bytes = this.packs[p].bytes
      if (bytes == null) return p
      const limit = bytes.length - PACK_TRAILER_SIZE
      const h = readEntryHeader(bytes, offset, limit)
      if (chain.length > 4 * MAX_CHAIN) throw new PackError(`object ${name} in ${this.packs[p].file.name} has a delta chain that does not end`)
      if (h.type === OBJ_OFS_DELTA) {
        chain.push(p, offset, h.dataStart, h.size)
        offset = h.baseOffset
      } else if (h.type === OBJ_REF_DELTA) {
        const at = this.locateId(bytes, h.baseIdAt)
        if (at == null) throw new PackError(`object ${name} in ${this.packs[p].file.name} is a delta on ${oidToHex(bytes, h.baseIdAt)}, which is in no pack`)
        chain.push(p, offset, h.dataStart, h.size)
        p = at.pack
        offset = at.offset
      } else {
        base = { type: TYPE_NAMES[h.type] as ObjectTypeName, data: inflate(bytes, h.dataStart, limit, h.size, false).data }
        this.keep(key, base)
        break
      }
    }
    for (let i = chain.length - 4; i >= 0; i -= 4) {
      const dp = chain[i]
      const bytes = this.packs[dp].bytes!
      const delta = inflate(bytes, chain[i + 2], bytes.length - PACK_TRAILER_SIZE, chain[i + 3], true).data
      base = { type: base.type, data: applyDelta(base.data, delta) }
      this.keep(this.baseKey(dp, chain[i + 1]), base)
    }
    return base
  }

  /** A loose object's file, as stored. */
  async readLooseFile (oid: string): Promise<Uint8Array> { return await this.files.readLoose(oid) }

  /** Lets go of loaded packs and cached objects. */
  release (): void {
    for (const p of this.packs) p.bytes = undefined
    this.bases.clear()
    this.baseBytes = 0
  }

  /** One number per entry of every pack, small enough to be a small integer (a quicker Map key) for packs under 1 GiB. */
  private baseKey (p: number, offset: number): number { return offset * this.packs.length + p }

  private keep (key: number, obj: RawObject): void {
    if (obj.data.length > BASE_BUDGET / 4) return
    this.bases.set(key, obj)
    this.baseBytes += obj.data.length
    if (this.baseBytes <= BASE_BUDGET) return
    // oldest first (a Map iterates in insertion order)
    for (const [k, v] of this.bases) {
      if (this.baseBytes <= BASE_BUDGET) break
      this.bases.delete(k)
      this.baseBytes -= v.data.length
    }
  }
}
