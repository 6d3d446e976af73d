// Completing a thin pack: one whose deltas may name, as REF_DELTA, bases it
// leaves out because the receiver said it has them (its haves), as `git
// fetch` receives them. As `git index-pack --fix-thin` does, the receiver
// appends those bases from its own objects as whole entries, sets the
// header's object count and recomputes the trailer; what it then indexes
// and stores is an ordinary self-contained pack that git reads.
// Pure: the bases come through an injected lookup.
import { PackError } from './pack-error.js'
import { sha1Digest } from './object-id.js'
import { deflate } from './zlib-whole.js'
import { wasmInflater } from './wasm-inflate.js'
import { oidToHex } from './hex.js'
import { equalBytes } from './yield.js'
import {
  OBJ_BLOB, OBJ_COMMIT, OBJ_REF_DELTA, OBJ_TAG, OBJ_TREE,
  PACK_HEADER_SIZE, PACK_TRAILER_SIZE, readEntryHeader, readPackHeader
} from './pack-reader.js'
import type { InflateFn } from './inflate.js'
import type { ObjectTypeName } from './pack-reader.js'
import type { GitFs } from '../fs.js'

/**
 * The pack's deltas name bases it does not contain (`missing`): thrown by
 * the indexer once it has built every entry it can. Keeps PackError's name,
 * so where nobody completes it, it is a bad pack as before.
 */
export class ThinPackError extends PackError {
  constructor (readonly missing: string[]) {
    super(`pack refers to an object it does not contain: ${missing[0]}`)
  }
}

export interface HeldObject { type: ObjectTypeName, content: Uint8Array }

/**
 * The bases one thin pack may make us read, hold and store, in bytes. Each
 * base costs its sender ~33 bytes (a REF_DELTA copying it whole): without
 * a cap, a 33 KB pack could make us read and store a gigabyte. A fetch
 * that needs more asks again for a whole pack (ThinBasesTooLargeError).
 */
export const MAX_THIN_BASE_BYTES = 64 * 1024 * 1024

/** Completing this thin pack would take more than MAX_THIN_BASE_BYTES of bases: not the sender's fault (a whole pack may be asked for instead). */
export class ThinBasesTooLargeError extends Error {
  static name = 'ThinBasesTooLargeError'
  name = 'ThinBasesTooLargeError'
  constructor (bytes: number) {
    super(`completing the thin pack would take ${Math.ceil(bytes / 1024 / 1024)} MiB of bases, over ${MAX_THIN_BASE_BYTES / 1024 / 1024} MiB`)
  }
}

/**
 * The objects of `oids` this peer holds (the others are left out).
 * `maxBytes`: past this many bytes of content in all, throw
 * ThinBasesTooLargeError, before reading more than that.
 */
export type BaseLookup = (oids: string[], opts: { signal?: AbortSignal, maxBytes?: number }) => Promise<Map<string, HeldObject>>

/** Where the receiving peer's own objects are: what a thin pack it asked for is completed from. */
export interface HeldRepository { fs: GitFs, gitdir: string, cache?: object }

const TYPE_CODES: Record<ObjectTypeName, number> = { commit: OBJ_COMMIT, tree: OBJ_TREE, blob: OBJ_BLOB, tag: OBJ_TAG }

/** A whole object as a pack entry: type and size header, then the content deflated. */
export async function wholeEntry (type: ObjectTypeName, content: Uint8Array): Promise<Uint8Array> {
  const head: number[] = []
  let size = content.length
  let c = (TYPE_CODES[type] << 4) | (size & 15)
  size = Math.floor(size / 16)
  while (size > 0) {
    head.push(c | 0x80)
    c = size & 0x7f
    size = Math.floor(size / 128)
  }
  head.push(c)
  const data = await deflate(content)
  const out = new Uint8Array(head.length + data.length)
  out.set(head, 0)
  out.set(data, head.length)
  return out
}

/**
 * The entries to append for the bases a pack of `entries` objects lacks.
 * `strict`: every one must be held (they are the ones the indexer found
 * missing), else it is the sender's fault; otherwise (candidates, some of
 * which may be in the pack) those not held are skipped.
 */
export async function baseEntries (missing: string[], entries: number, lookup: BaseLookup, opts: { signal?: AbortSignal, strict?: boolean } = {}): Promise<Uint8Array[]> {
  const ids = [...new Set(missing)]
  // each base is named by at least one delta in the pack
  if (ids.length > entries) throw new PackError(`a thin pack of ${entries} objects cannot lack ${ids.length} bases`)
  const held = await lookup(ids, { signal: opts.signal, maxBytes: MAX_THIN_BASE_BYTES })
  let bytes = 0
  for (const o of held.values()) bytes += o.content.length
  if (bytes > MAX_THIN_BASE_BYTES) throw new ThinBasesTooLargeError(bytes)
  const out: Uint8Array[] = []
  for (const id of ids) {
    const o = held.get(id)
    if (o == null) {
      if (opts.strict === false) continue
      throw new PackError(`pack refers to an object it does not contain, which we do not hold either: ${id}`)
    }
    out.push(await wholeEntry(o.type, o.content))
    opts.signal?.throwIfAborted()
  }
  return out
}

/** The pack's 12-byte header with another object count. */
export function withCount (header: Uint8Array, count: number): Uint8Array {
  const out = header.slice(0, PACK_HEADER_SIZE)
  new DataView(out.buffer, out.byteOffset).setUint32(8, count)
  return out
}

/**
 * The thin `pack` completed with the bases it lacks, read through
 * `lookup`: the same entries, the bases after them, the count and the
 * trailer made to match. Null when there was nothing to add (not strict).
 */
export async function completeThinPack (pack: Uint8Array, missing: string[], lookup: BaseLookup, opts: { signal?: AbortSignal, strict?: boolean } = {}): Promise<Uint8Array | null> {
  const { count } = readPackHeader(pack)
  const body = pack.length - PACK_TRAILER_SIZE
  // (the indexer checked it when it named the bases; not when it only failed)
  if (!equalBytes(await sha1Digest(pack.subarray(0, body)), pack.subarray(body))) throw new PackError('pack checksum does not match its contents')
  const added = await baseEntries(missing, count, lookup, opts)
  if (added.length === 0) {
    if (opts.strict === false) return null
    throw new PackError('a thin pack that lacks no base')
  }
  const size = added.reduce((n, e) => n + e.length, body) + PACK_TRAILER_SIZE
  const out = new Uint8Array(size)
  out.set(pack.subarray(0, body), 0)
  out.set(withCount(pack, count + added.length), 0)
  let at = body
  for (const e of added) { out.set(e, at); at += e.length }
  out.set(await sha1Digest(out.subarray(0, at)), at)
  return out
}

/**
 * The bases the pack's REF_DELTA entries name, read from the entries
 * alone (no object is hashed): what may be missing when all one knows is
 * that indexing the pack failed. Throws a PackError where the pack is
 * damaged.
 */
export function refDeltaBases (pack: Uint8Array, inflate: InflateFn = wasmInflater()): string[] {
  const { count } = readPackHeader(pack)
  const limit = pack.length - PACK_TRAILER_SIZE
  const out = new Set<string>()
  let pos = PACK_HEADER_SIZE
  for (let i = 0; i < count; i++) {
    const h = readEntryHeader(pack, pos, limit)
    if (h.type === OBJ_REF_DELTA) out.add(oidToHex(pack, h.baseIdAt))
    pos = inflate(pack, h.dataStart, limit, h.size, true).end
  }
  return [...out]
}
