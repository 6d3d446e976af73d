// Writes the pack of an export (everything marked by export-walk.ts) from
// the stored packs, as pack-writer.ts does for a peer, but in ranges rather
// than entry by entry: each stored pack is gone through in its own order,
// and a run of marked entries whose bytes need no change (whole objects,
// and deltas whose base is as far back in the new pack as in the stored
// one) is one copy. A repository held as one pack of its whole history
// (an import, after a consolidation) is written as that pack, byte for
// byte, and the stored trailer is checked rather than trusted.
//
// What changes, when something does (a pack holding objects the refs no
// longer reach, several packs): a delta whose base moved gets a new
// OFS_DELTA distance; a REF_DELTA whose base is already written becomes an
// OFS_DELTA; a delta whose base does not go is built and sent whole; loose
// objects are deflated afresh. See pack-writer.ts for why each.
//
// Stored bytes are checked on the way: a pack copied whole by its SHA-1
// against its trailer, other entries by the CRC-32 their .idx holds, so a
// damaged disk is found here and not by whoever reads the bundle.
import { crc32 } from './pack/crc32.js'
import { hashObject } from './pack/object-id.js'
import { oidToHex } from './pack/hex.js'
import { PackError } from './pack/pack-error.js'
import { OBJ_COMMIT, OBJ_OFS_DELTA, OBJ_REF_DELTA, OBJ_TAG, OBJ_TREE, OBJ_BLOB, PACK_HEADER_SIZE, PACK_TRAILER_SIZE, readEntryHeader } from './pack/pack-reader.js'
import { entryHeader } from './pack/pack-writer.js'
import { sha1Whole } from './pack/sha1-whole.js'
import { deflate, inflateLoose } from './pack/zlib-whole.js'
import { equalBytes, yieldToEventLoop } from './pack/yield.js'
import type { ObjectStore } from './pack/object-store.js'
import type { ObjectTypeName } from './pack/pack-reader.js'
import type { ReachableMarks } from './export-walk.js'

export interface ExportPackOptions {
  /** bytes to put before the pack in the same buffer (a bundle's header) */
  prefix?: Uint8Array
  signal?: AbortSignal
  /** entries planned so far, of `total` */
  onPlanned?: (done: number, total: number) => void
  /** bytes written so far, of `total` */
  onWritten?: (done: number, total: number) => void
}

export interface ExportStats {
  /** entries copied as stored, and the copies they took (runs of them) */
  copied: number
  runs: number
  /** deltas given a new header (a new distance, or an OFS_DELTA for a REF_DELTA) */
  rebased: number
  /** deltas whose base is in no pack that goes: built and deflated whole */
  rebuilt: number
  loose: number
  /** stored packs copied whole (every entry marked), checked by their SHA-1 */
  wholePacks: number
}

export interface ExportedPack {
  /** the prefix, then the pack */
  bytes: Uint8Array
  objects: number
  stats: ExportStats
}

const TYPE_NUMBERS: Record<ObjectTypeName, number> = { commit: OBJ_COMMIT, tree: OBJ_TREE, blob: OBJ_BLOB, tag: OBJ_TAG }
const SLICE_MS = 25
/** bytes copied between checks of the clock */
const COPY_SLICE = 4 << 20

/** A piece of the new pack: bytes [from, to) of src. */
interface Piece { src: Uint8Array, from: number, to: number }

export async function writeExportPack (store: ObjectStore, marks: ReachableMarks, opts: ExportPackOptions = {}): Promise<ExportedPack> {
  const prefix = opts.prefix ?? new Uint8Array(0)
  const total = marks.count
  const stats: ExportStats = { copied: 0, runs: 0, rebased: 0, rebuilt: 0, loose: 0, wholePacks: 0 }
  const pieces: Piece[] = []
  // where each marked entry starts in the new pack, per stored pack and index position
  const placed = store.packs.map(p => new Float64Array(p.idx.count).fill(-1))
  let pos = PACK_HEADER_SIZE
  let done = 0
  let sliceStart = performance.now()
  const tick = async (): Promise<void> => {
    if (performance.now() - sliceStart < SLICE_MS) return
    opts.onPlanned?.(done, total)
    await yieldToEventLoop()
    opts.signal?.throwIfAborted()
    sliceStart = performance.now()
  }
  const put = (src: Uint8Array, from: number, to: number): void => {
    const last = pieces[pieces.length - 1]
    if (last != null && last.src === src && last.to === from) last.to = to
    else pieces.push({ src, from, to })
    pos += to - from
  }
  const id = new Uint8Array(20)
  const whole = async (type: ObjectTypeName, data: Uint8Array, oid: string): Promise<void> => {
    hashObject(type, data, id, 0)
    if (oidToHex(id) !== oid) throw new PackError(`object ${oid} is damaged: it hashes to ${oidToHex(id)}`)
    const z = await deflate(data)
    const head = entryHeader(TYPE_NUMBERS[type], data.length)
    put(head, 0, head.length)
    put(z, 0, z.length)
  }
  // stored packs to check whole, by their trailer
  const checkWhole: number[] = []

  // everything goes, from one pack that holds nothing else: that pack is the new one
  const alone = marks.loose.size === 0 ? marks.packed.findIndex(m => m.length > 0 && m.length === marks.count && m.every(x => x !== 0)) : -1
  for (let p = 0; p < store.packs.length; p++) {
    const { idx, file } = store.packs[p]
    const mine = marks.packed[p]
    if (alone >= 0 && p !== alone) continue
    const bytes = await store.packBytes(p)
    const limit = bytes.length - PACK_TRAILER_SIZE
    if (p === alone) {
      put(bytes, PACK_HEADER_SIZE, limit)
      checkWhole.push(p)
      stats.wholePacks++
      stats.copied += mine.length
      done += mine.length
      continue
    }
    const { sorted, positions } = idx.order()
    const n = sorted.length
    let all = true
    for (let i = 0; i < n && all; i++) if (mine[positions[i]] === 0) all = false
    if (all && n > 0) { checkWhole.push(p); stats.wholePacks++ }
    let runFrom = -1
    let runEnd = -1
    let runShift = 0
    for (let i = 0; i < n; i++) {
      const k = positions[i]
      if (mine[k] === 0) continue
      const offset = sorted[i]
      const end = i + 1 < n ? sorted[i + 1] : limit
      if (!all && crc32(bytes, offset, end) !== idx.crc(k)) throw new PackError(`${file.name}.pack is damaged: the entry of ${oidToHex(idx.bytes, idx.idAt(k))} does not match its CRC`)
      const h = readEntryHeader(bytes, offset, limit)
      const at = pos
      // in a run of entries copied as stored, back to back: a delta on an
      // entry of the run is as far from its base as it was (most of them)
      const inRun = offset === runEnd && at - offset === runShift
      if (h.type < OBJ_OFS_DELTA || (inRun && h.type === OBJ_OFS_DELTA && h.baseOffset >= runFrom)) {
        put(bytes, offset, end)
        stats.copied++
        if (!inRun) { runFrom = offset; runShift = at - offset }
        runEnd = end
      } else {
        // the base, by index position in the first pack that holds it (the copy that is marked)
        let bp = p
        let bk: number
        if (h.type === OBJ_OFS_DELTA) {
          bk = idx.atOffset(h.baseOffset)
          if (bk < 0) throw new PackError(`${file.name}.pack is damaged: a delta points where no object starts`)
          if (mine[bk] === 0) [bp, bk] = firstHolder(store, idx.bytes, idx.idAt(bk))
        } else {
          [bp, bk] = firstHolder(store, bytes, h.baseIdAt)
        }
        const basePos = bp >= 0 && marks.packed[bp][bk] !== 0 ? placed[bp][bk] : -1
        if (basePos >= 0) {
          const head = entryHeader(OBJ_OFS_DELTA, h.size, at - basePos)
          put(head, 0, head.length)
          put(bytes, h.dataStart, end)
          stats.rebased++
        } else if (bp >= 0 && marks.packed[bp][bk] !== 0) {
          // its base comes later in the new pack: named by id
          const head = entryHeader(OBJ_REF_DELTA, h.size, store.packs[bp].idx.bytes.subarray(store.packs[bp].idx.idAt(bk), store.packs[bp].idx.idAt(bk) + 20))
          put(head, 0, head.length)
          put(bytes, h.dataStart, end)
          stats.rebased++
        } else {
          const oid = oidToHex(idx.bytes, idx.idAt(k))
          const obj = await store.resolve(p, offset, oid)
          await whole(obj.type, obj.data, oid)
          stats.rebuilt++
        }
      }
      placed[p][k] = at
      done++
      if ((done & 255) === 0) await tick()
    }
  }
  for (const oid of marks.loose) {
    const { type, data } = inflateLoose(await store.readLooseFile(oid), oid)
    await whole(type, data, oid)
    stats.loose++
    done++
    await tick()
  }
  stats.runs = pieces.filter(p => store.packs.some(s => s.bytes === p.src)).length
  opts.onPlanned?.(total, total)

  const size = pos + PACK_TRAILER_SIZE
  const out = new Uint8Array(prefix.length + size)
  out.set(prefix, 0)
  const base = prefix.length
  out.set([0x50, 0x41, 0x43, 0x4b, 0, 0, 0, 2], base)
  new DataView(out.buffer, out.byteOffset).setUint32(base + 8, done)
  let at = base + PACK_HEADER_SIZE
  let sinceTick = 0
  for (const piece of pieces) {
    out.set(piece.src.subarray(piece.from, piece.to), at)
    at += piece.to - piece.from
    sinceTick += piece.to - piece.from
    if (sinceTick >= COPY_SLICE) {
      sinceTick = 0
      opts.onWritten?.(at - base, size)
      await yieldToEventLoop()
      opts.signal?.throwIfAborted()
    }
  }
  const trailer = await sha1Whole(out, base, at, { signal: opts.signal })
  out.set(trailer, at)
  // a pack copied whole is checked by its own trailer: when the new pack is
  // that pack (its entries, as stored, and nothing else), the new trailer is that hash
  const asStored = pieces.length === 1 && pieces[0].from === PACK_HEADER_SIZE && pieces[0].to === pieces[0].src.length - PACK_TRAILER_SIZE
  for (const p of checkWhole) {
    const stored = store.packs[p].bytes!
    const sum = asStored && pieces[0].src === stored
      ? trailer
      : await sha1Whole(stored, 0, stored.length - PACK_TRAILER_SIZE, { signal: opts.signal })
    if (!equalBytes(sum, stored.subarray(stored.length - PACK_TRAILER_SIZE))) throw new PackError(`${store.packs[p].file.name}.pack is damaged: its bytes do not match its checksum`)
  }
  opts.onWritten?.(size, size)
  return { bytes: out, objects: done, stats }
}

/** The first pack holding the object whose id is at `bytes[at..)`, and its position there; [-1, -1] when none (it may be loose). */
function firstHolder (store: ObjectStore, bytes: Uint8Array, at: number): [number, number] {
  const found = store.locateId(bytes, at)
  return found == null ? [-1, -1] : [found.pack, found.k]
}
