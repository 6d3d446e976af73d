// Checks of a pack and its .idx on disk, from cheap to thorough:
//  - the .idx: its own SHA-1 trailer and its layout (checkIdx), in memory;
//  - the pack's ends: header, size, and the 20-byte trailer the .idx records
//    (packEnds), two small reads;
//  - the pack's trailer against its content (packTrailerMatches), a
//    streaming SHA-1 over the whole file;
//  - re-indexing it with our own indexer (indexPackFile), which hashes every
//    object, reading the file in chunks with a bounded window in memory (the
//    same spill the relay's receive path uses, pointed at the file itself).
// See https://git-scm.com/docs/gitformat-pack for both formats.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { open } from 'node:fs/promises'
import { PackError, PackIndexer } from '../../src/repo/pack/index-pack.js'
import { PACK_HEADER_SIZE, PACK_TRAILER_SIZE, readPackHeader } from '../../src/repo/pack/pack-reader.js'
import type { IndexedPack } from '../../src/repo/pack/index-pack.js'
import type { PackHeader } from '../../src/repo/pack/pack-reader.js'

export class IdxDamagedError extends Error {
  static name = 'IdxDamagedError'
  name = 'IdxDamagedError'
}

/** bytes read at a time from a pack */
const CHUNK = 1 << 20
const IDX_MAGIC = 0xff744f63
const FANOUT_AT = 8
const IDS_AT = FANOUT_AT + 256 * 4

export interface IdxInfo {
  count: number
  /** the pack's trailer, as the .idx records it */
  packChecksum: Uint8Array
  /** the last entry's offset: the pack is at least this long */
  maxOffset: number
}

/** Checks a version 2 .idx: its checksum, then its layout. Throws IdxDamagedError. */
export function checkIdx (idx: Uint8Array): IdxInfo {
  if (idx.length < IDS_AT + 40) throw new IdxDamagedError(`it is truncated (${idx.length} bytes)`)
  const sum = createHash('sha1').update(idx.subarray(0, idx.length - 20)).digest()
  if (!sum.equals(idx.subarray(idx.length - 20))) throw new IdxDamagedError('its checksum does not match its content')
  const v = new DataView(idx.buffer, idx.byteOffset, idx.byteLength)
  if (v.getUint32(0) !== IDX_MAGIC || v.getUint32(4) !== 2) throw new IdxDamagedError('it is not a version 2 pack index')
  let prev = 0
  for (let b = 0; b < 256; b++) {
    const n = v.getUint32(FANOUT_AT + b * 4)
    if (n < prev) throw new IdxDamagedError('its fan-out table is not sorted')
    prev = n
  }
  const count = prev
  const smallAt = IDS_AT + count * 24 // after the ids (20) and CRCs (4)
  const largeAt = smallAt + count * 4
  if (largeAt + 40 > idx.length) throw new IdxDamagedError(`it is too short for its ${count} objects`)
  let large = 0
  let maxOffset = 0
  for (let i = 0; i < count; i++) {
    const o = v.getUint32(smallAt + i * 4)
    if ((o & 0x80000000) === 0) { maxOffset = Math.max(maxOffset, o); continue }
    const at = largeAt + (o & 0x7fffffff) * 8
    if (at + 8 > idx.length - 40) throw new IdxDamagedError('an offset points past its table of large offsets')
    maxOffset = Math.max(maxOffset, v.getUint32(at) * 2 ** 32 + v.getUint32(at + 4))
    large++
  }
  if (largeAt + large * 8 + 40 !== idx.length) throw new IdxDamagedError(`its size does not fit its ${count} objects`)
  return { count, packChecksum: idx.slice(idx.length - 40, idx.length - 20), maxOffset }
}

/** Whether the .idx (checked) lists `oid`: the fan-out table, then a binary search. */
export function idxHas (idx: Uint8Array, oid: string): boolean {
  if (!/^[0-9a-f]{40}$/.test(oid)) return false
  const want = Buffer.from(oid, 'hex')
  const v = new DataView(idx.buffer, idx.byteOffset, idx.byteLength)
  let lo = want[0] === 0 ? 0 : v.getUint32(FANOUT_AT + (want[0] - 1) * 4)
  let hi = v.getUint32(FANOUT_AT + want[0] * 4) - 1
  const ids = Buffer.from(idx.buffer, idx.byteOffset + IDS_AT, idx.byteLength - IDS_AT)
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const c = ids.compare(want, 0, 20, mid * 20, mid * 20 + 20)
    if (c === 0) return true
    // (c < 0: ids[mid] sorts before want)
    if (c < 0) lo = mid + 1
    else hi = mid - 1
  }
  return false
}

export interface PackEnds {
  size: number
  /** the header, or what is wrong with it */
  header: PackHeader | PackError
  trailer: Uint8Array
}

/** The pack's size, header and trailer: two small reads. */
export async function packEnds (path: string): Promise<PackEnds> {
  const fh = await open(path, 'r')
  try {
    const { size } = await fh.stat()
    const head = new Uint8Array(PACK_HEADER_SIZE)
    const trailer = new Uint8Array(PACK_TRAILER_SIZE)
    if (size >= PACK_HEADER_SIZE) await fh.read(head, 0, PACK_HEADER_SIZE, 0)
    if (size >= PACK_TRAILER_SIZE) await fh.read(trailer, 0, PACK_TRAILER_SIZE, size - PACK_TRAILER_SIZE)
    let header: PackHeader | PackError
    try { header = readPackHeader(head, size) } catch (err) { if (!(err instanceof PackError)) throw err; header = err }
    return { size, header, trailer }
  } finally {
    await fh.close()
  }
}

export interface ReadOptions {
  signal?: AbortSignal
  /** awaited between chunks: how a background scrub keeps out of the way */
  pace?: () => Promise<void>
}

/** Whether the pack's last 20 bytes are the SHA-1 of everything before them: read through once, a chunk at a time. */
export async function packTrailerMatches (path: string, opts: ReadOptions = {}): Promise<boolean> {
  const fh = await open(path, 'r')
  try {
    const { size } = await fh.stat()
    if (size < PACK_HEADER_SIZE + PACK_TRAILER_SIZE) return false
    const hash = createHash('sha1')
    const buf = new Uint8Array(Math.min(CHUNK, size))
    const limit = size - PACK_TRAILER_SIZE
    for (let at = 0; at < limit;) {
      opts.signal?.throwIfAborted()
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, limit - at), at)
      if (bytesRead === 0) return false // shrank while we read
      hash.update(buf.subarray(0, bytesRead))
      at += bytesRead
      await opts.pace?.()
    }
    const trailer = new Uint8Array(PACK_TRAILER_SIZE)
    await fh.read(trailer, 0, PACK_TRAILER_SIZE, limit)
    return hash.digest().equals(trailer)
  } finally {
    await fh.close()
  }
}

/**
 * Indexes a pack file with our own indexer: every object hashed, git's .idx
 * as the result. The file is pushed through in chunks; the indexer keeps a
 * window of it in memory and reads the rest back from the file (its spill,
 * which here needs no writing). Throws a PackError when the pack is damaged.
 */
export async function indexPackFile (path: string, opts: ReadOptions = {}): Promise<IndexedPack> {
  const fd = fs.openSync(path, 'r')
  try {
    const size = fs.fstatSync(fd).size
    const hash = createHash('sha1')
    const indexer = new PackIndexer(size, {
      signal: opts.signal,
      spill: {
        write: () => {}, // the bytes are in the file already
        read: (start, end) => {
          const out = new Uint8Array(end - start)
          for (let at = 0; at < out.length;) {
            const n = fs.readSync(fd, out, at, out.length - at, start + at)
            if (n === 0) throw new PackError(`the pack ends before byte ${end}`)
            at += n
          }
          return out
        },
        sha1: { update: (bytes) => { hash.update(bytes) }, digest: () => new Uint8Array(hash.digest()) }
      }
    })
    const buf = new Uint8Array(Math.min(CHUNK, size))
    for (let at = 0; at < size;) {
      const n = fs.readSync(fd, buf, 0, Math.min(buf.length, size - at), at)
      if (n === 0) throw new PackError(`the pack shrank to ${at} bytes while it was indexed`)
      // copied into the window or hashed at once: the buffer can be reused
      indexer.push(buf.subarray(0, n))
      at += n
      // a turn for the indexer's first pass (and for everything else)
      await new Promise(resolve => setImmediate(resolve))
      await opts.pace?.()
    }
    return await indexer.finish()
  } finally {
    fs.closeSync(fd)
  }
}
