// Walks everything reachable from a set of tips (commits, trees, blobs,
// annotated tags) and checks it is all there. Blobs are never read: a
// tree entry says an object is a blob, and `has` says whether we hold it.
// Submodule entries (gitlinks) point into other repositories and are skipped.
//
// Objects are read raw and their links taken with our own reader
// (objectLinks): isomorphic-git's parsed trees refuse names git takes, such
// as `a\b.txt`. Packed objects are read straight from the packs (StoredPacks
// below): isomorphic-git's readObject stats the git directory, tries a loose
// file and lists objects/pack for every object, which was most of a walk's
// time (bench: 14k objects, ~5 s, against well under a second). Loose
// objects, few in a tab (its own recent commits), go through isomorphic-git.
import git from './git.js'
import { IncompleteRepositoryError } from './errors.js'
import { applyDelta } from './pack/delta.js'
import { objectLinks } from './pack/object-refs.js'
import { PackError } from './pack/pack-error.js'
import { OBJ_OFS_DELTA, OBJ_REF_DELTA, PACK_TRAILER_SIZE, TYPE_NAMES, readEntryHeader, readUint32 } from './pack/pack-reader.js'
import { wasmInflater } from './pack/wasm-inflate.js'
import type { InflateFn } from './pack/inflate.js'
import type { GitFs } from './fs.js'

export interface ReachableOptions {
  /** every object id we hold; without it, blobs are assumed present */
  has?: (oid: string) => boolean
  cache?: object
  signal?: AbortSignal
  onProgress?: (visited: number) => void
}

export async function collectReachable (fs: GitFs, gitdir: string, tips: string[], opts: ReachableOptions = {}): Promise<Set<string>> {
  const seen = new Set<string>()
  // [oid, type hint]: undefined means "read it to find out"
  const queue: Array<[string, string | undefined]> = tips.map(t => [t, undefined])
  const missing = (oid: string): IncompleteRepositoryError =>
    new IncompleteRepositoryError(`object ${oid} is reachable from the refs but missing`)
  const packs = await StoredPacks.open(fs, gitdir)

  while (queue.length > 0) {
    const [oid, hint] = queue.pop()!
    if (seen.has(oid)) continue
    if (opts.has != null && !opts.has(oid)) throw missing(oid)
    seen.add(oid)
    if (seen.size % 1000 === 0) {
      opts.signal?.throwIfAborted()
      opts.onProgress?.(seen.size)
    }
    if (hint === 'blob') continue
    let obj = await packs.read(oid)
    if (obj == null) {
      try {
        const read = await git.readObject({ fs, gitdir, oid, format: 'content', cache: opts.cache })
        obj = { type: read.type, data: read.object as Uint8Array }
      } catch (err: any) {
        if (err?.code === 'NotFoundError') throw missing(oid)
        throw err
      }
    }
    if (obj.type === 'blob') continue
    for (const link of objectLinks(obj.type, obj.data, oid)) queue.push(link)
  }
  return seen
}

interface RawObject { type: string, data: Uint8Array }
interface Pack { idx: Uint8Array, count: number, path: string, bytes?: Uint8Array }

/** bytes of resolved objects kept as delta bases, per walk */
const BASE_BUDGET = 32 << 20
/** a longer chain than git ever writes (its --depth caps at 4095): a loop */
const MAX_CHAIN = 5000

let inflater: InflateFn | undefined

/**
 * The objects in a repository's packs, found through their .idx files
 * (written by our indexer, which hashed and checked every object as the
 * pack came in) and read from the pack, which is loaded whole the first
 * time one of its objects is asked for, as isomorphic-git loads it (the
 * tab's file system reads only whole files). Resolved objects are kept, up
 * to a budget, as bases for the deltas that follow: a walk from the tips
 * meets the newest versions first, and git keeps those whole and the older
 * ones as deltas against them.
 */
class StoredPacks {
  private readonly bases = new Map<number, RawObject>()
  private baseBytes = 0
  private readonly want = new Uint8Array(20)

  private constructor (private readonly fs: GitFs, private readonly packs: Pack[]) {}

  static async open (fs: GitFs, gitdir: string): Promise<StoredPacks> {
    const dir = `${gitdir}/objects/pack`
    const names = (await fs.promises.readdir(dir).catch(() => [] as string[])).filter(f => /^pack-[0-9a-f]{40}\.idx$/.test(f))
    const packs: Pack[] = []
    for (const name of names.sort()) {
      const idx = asBytes(await fs.promises.readFile(`${dir}/${name}`))
      const count = idxCount(idx)
      // an index we cannot read is left to isomorphic-git, which says what is wrong
      if (count >= 0) packs.push({ idx, count, path: `${dir}/${name.slice(0, -4)}.pack` })
    }
    return new StoredPacks(fs, packs)
  }

  /** The object, or undefined when it is in none of the packs (or its delta's base is outside them). */
  async read (oid: string): Promise<RawObject | undefined> {
    if (this.packs.length === 0) return undefined
    const at = this.find(oid)
    if (at == null) return undefined
    for (;;) {
      try {
        return this.resolve(at[0], at[1])
      } catch (err) {
        // the first object read from a pack (or a delta's base in another) loads it
        if (!(err instanceof NeedsLoad)) throw err
        const pack = this.packs[err.pack]
        pack.bytes = asBytes(await this.fs.promises.readFile(pack.path))
      }
    }
  }

  private find (oid: string): [number, number] | undefined {
    const want = this.want
    for (let i = 0; i < 20; i++) want[i] = parseInt(oid.slice(2 * i, 2 * i + 2), 16)
    return this.findId(want)
  }

  /** the pack and offset of the object whose 20-byte id is `id` */
  private findId (id: Uint8Array): [number, number] | undefined {
    for (let p = 0; p < this.packs.length; p++) {
      const offset = idxFind(this.packs[p], id)
      if (offset >= 0) return [p, offset]
    }
    return undefined
  }

  private packBytes (p: number): Uint8Array {
    const bytes = this.packs[p].bytes
    if (bytes == null) throw new NeedsLoad(p)
    return bytes
  }

  private resolve (p: number, offset: number): RawObject | undefined {
    inflater ??= wasmInflater()
    // follow the chain down to a base held or whole, then apply the deltas back up
    const chain: Array<[number, number, number, number]> = [] // pack, offset, data start, delta size
    let base: RawObject | undefined
    for (;;) {
      const key = p * 2 ** 40 + offset
      base = this.bases.get(key)
      if (base != null) break
      const bytes = this.packBytes(p)
      const limit = bytes.length - PACK_TRAILER_SIZE
      const h = readEntryHeader(bytes, offset, limit)
      if (chain.length > MAX_CHAIN) throw new PackError(`object at offset ${offset} of ${this.packs[p].path} has a delta chain that does not end`)
      if (h.type === OBJ_OFS_DELTA) {
        chain.push([p, offset, h.dataStart, h.size])
        offset = h.baseOffset
      } else if (h.type === OBJ_REF_DELTA) {
        const at = this.findId(bytes.subarray(h.baseIdAt, h.baseIdAt + 20))
        if (at == null) return undefined
        chain.push([p, offset, h.dataStart, h.size])
        ;[p, offset] = at
      } else {
        base = { type: TYPE_NAMES[h.type], data: inflater(bytes, h.dataStart, limit, h.size, false).data }
        this.keep(key, base)
        break
      }
    }
    while (chain.length > 0) {
      const [dp, doff, start, size] = chain.pop()!
      const bytes = this.packBytes(dp)
      const delta = inflater(bytes, start, bytes.length - PACK_TRAILER_SIZE, size, true).data
      base = { type: base.type, data: applyDelta(base.data, delta) }
      this.keep(dp * 2 ** 40 + doff, base)
    }
    return base
  }

  private keep (key: number, obj: RawObject): void {
    if (obj.data.length > BASE_BUDGET / 4) return
    this.bases.set(key, obj)
    this.baseBytes += obj.data.length
    // oldest first (a Map iterates in insertion order)
    for (const [k, v] of this.bases) {
      if (this.baseBytes <= BASE_BUDGET) break
      this.bases.delete(k)
      this.baseBytes -= v.data.length
    }
  }
}

/** A file's contents as bytes, not copied (a Node Buffer is a Uint8Array; a whole pack is large). */
const asBytes = (data: Uint8Array | ArrayBuffer): Uint8Array => data instanceof Uint8Array ? data : new Uint8Array(data)

/** resolve met a pack not read yet (thrown at most once per pack and walk) */
class NeedsLoad extends Error {
  static name = 'NeedsLoad'
  name = 'NeedsLoad'
  constructor (readonly pack: number) { super(`pack ${pack} is not loaded`) }
}

// ---- git's pack index, version 2 (gitformat-pack): a fan-out table of 256
// counts, the sorted ids, their CRCs, their 4-byte offsets (the top bit
// sends offsets past 2 GiB to a table of 8-byte ones), two checksums

const IDX_HEADER = 8 + 256 * 4

/** How many objects a version 2 index lists, or -1 if it is not one. */
function idxCount (idx: Uint8Array): number {
  if (idx.length < IDX_HEADER + 40 || readUint32(idx, 0) !== 0xff744f63 || readUint32(idx, 4) !== 2) return -1
  const n = readUint32(idx, IDX_HEADER - 4)
  return idx.length < IDX_HEADER + n * 28 + 40 ? -1 : n
}

/** The offset of the object `want` (20 bytes) in the pack, or -1. */
function idxFind (pack: Pack, want: Uint8Array): number {
  const idx = pack.idx
  const first = want[0]
  let lo = first === 0 ? 0 : readUint32(idx, 8 + (first - 1) * 4)
  let hi = readUint32(idx, 8 + first * 4) - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const at = IDX_HEADER + mid * 20
    let c = 0
    for (let i = 0; i < 20 && c === 0; i++) c = idx[at + i] - want[i]
    if (c === 0) {
      const small = readUint32(idx, IDX_HEADER + pack.count * 24 + mid * 4)
      if ((small & 0x80000000) === 0) return small
      const big = IDX_HEADER + pack.count * 28 + (small & 0x7fffffff) * 8
      return readUint32(idx, big) * 2 ** 32 + readUint32(idx, big + 4)
    }
    if (c < 0) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}
