// Receiving a pack in Node straight into a file, indexed as it arrives: the
// indexer keeps only a window of it in memory, from the entry it works on;
// what arrives while it is behind waits in the file and is read back as it
// gets there, as is what its second pass needs. So a relay's memory does
// not grow with the packs it receives. The file lies beside the
// repositories (same filesystem), so storing the pack is a rename.
//
// Entries are inflated with pako, as in the tab, not node:zlib: zlib indexed
// bench/sync's pack faster (1.34-1.53 s against 1.57-1.94 s for the whole
// Node clone) but its fresh buffer per object grew the peak memory (65-78 MB
// against 52-58 MB for a 19 MB pack).
//
// A thin pack (one this relay asked for with haves) is completed in the
// file: the bases it lacks, read with `git cat-file --batch`, are appended
// where its trailer was, the header's count and the trailer are rewritten,
// and the completed file is indexed again from the disk.
import { spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { PackIndexer } from '../../src/repo/pack/index-pack.js'
import { inflatedWith, PackStoreError } from '../../src/repo/pack/pack-sink.js'
import { PACK_HEADER_SIZE, PACK_TRAILER_SIZE, readUint32 } from '../../src/repo/pack/pack-reader.js'
import { baseEntries, ThinBasesTooLargeError, ThinPackError, withCount } from '../../src/repo/pack/thin-pack.js'
import { heldRepositoryOf } from '../../src/sync/pack/thin-sink.js'
import type { IndexedPack, IndexPackOptions } from '../../src/repo/pack/index-pack.js'
import type { PackSink, PackSinkFactory } from '../../src/repo/pack/pack-sink.js'
import type { BaseLookup, HeldObject } from '../../src/repo/pack/thin-pack.js'
import type { CompletingSink } from '../../src/sync/pack/thin-sink.js'

/** Packs arrive in `dir` (made if missing); what is left there after a crash can be removed. */
export function filePackSink (dir: string): PackSinkFactory {
  return (total, opts) => {
    const file = path.join(dir, `incoming-${randomBytes(8).toString('hex')}.pack`)
    const fd = local('create', file, () => {
      fs.mkdirSync(dir, { recursive: true })
      return fs.openSync(file, 'w+')
    })
    let open = true
    const close = (): void => { if (open) { open = false; fs.closeSync(fd) } }
    const remove = (): void => { close(); fs.rmSync(file, { force: true }) }
    const hash = createHash('sha1')
    const ac = new AbortController()
    const signal = opts.signal != null ? AbortSignal.any([opts.signal, ac.signal]) : ac.signal
    const read = (start: number, end: number): Uint8Array => local('read', file, () => readAt(fd, start, end))
    const indexer = new PackIndexer(total, {
      signal,
      onProgress: opts.onProgress,
      spill: {
        write: (chunk) => local('write', file, () => { writeAt(fd, chunk, null) }),
        read,
        sha1: { update: (bytes) => { hash.update(bytes) }, digest: () => new Uint8Array(hash.digest()) }
      }
    })
    const held = heldRepositoryOf(opts)
    const sink: PackSink & CompletingSink = {
      completesThin: true,
      push: (chunk) => { indexer.push(chunk) },
      finish: async () => {
        try {
          let result: IndexedPack
          try {
            result = await indexer.finish()
          } catch (err) {
            if (!(err instanceof ThinPackError) || held == null) throw err
            result = await completeInFile(fd, file, total, err.missing, catFileBases(held.gitdir), { signal, onProgress: opts.onProgress })
          }
          close()
          return { ...result, pack: undefined, file, indexedBy: 'into a file', inflatedWith: inflatedWith() }
        } catch (err) {
          remove()
          throw err
        }
      },
      abort: () => { ac.abort(); remove() }
    }
    return sink
  }
}

/**
 * Completes the thin pack of `total` bytes in `fd` with the bases it
 * lacks, then indexes the completed file: read back from the disk a
 * chunk at a time, as if it arrived again (so a damaged base is caught
 * like any other entry).
 */
async function completeInFile (fd: number, file: string, total: number, missing: string[], lookup: BaseLookup, opts: IndexPackOptions): Promise<IndexedPack> {
  const head = local('read', file, () => readAt(fd, 0, PACK_HEADER_SIZE))
  const count = readUint32(head, 8)
  const added = await baseEntries(missing, count, lookup, { signal: opts.signal })
  let size = total - PACK_TRAILER_SIZE
  local('write', file, () => {
    // the bases where the trailer was, then the new count
    for (const e of added) { writeAt(fd, e, size); size += e.length }
    writeAt(fd, withCount(head, count + added.length), 0)
  })
  const CHUNK = 1 << 20
  const sum = createHash('sha1')
  for (let at = 0; at < size; at += CHUNK) sum.update(local('read', file, () => readAt(fd, at, Math.min(size, at + CHUNK))))
  local('write', file, () => { writeAt(fd, new Uint8Array(sum.digest()), size) })
  const completed = size + PACK_TRAILER_SIZE
  const hash = createHash('sha1')
  const indexer = new PackIndexer(completed, {
    ...opts,
    spill: {
      // the bytes are in the file already
      write: () => {},
      read: (start, end) => local('read', file, () => readAt(fd, start, end)),
      sha1: { update: (bytes) => { hash.update(bytes) }, digest: () => new Uint8Array(hash.digest()) }
    }
  })
  for (let at = 0; at < completed; at += CHUNK) indexer.push(local('read', file, () => readAt(fd, at, Math.min(completed, at + CHUNK))))
  return indexer.finish()
}

function readAt (fd: number, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start)
  for (let at = 0; at < out.length;) {
    const n = fs.readSync(fd, out, at, out.length - at, start + at)
    if (n === 0) throw new Error(`it ends before byte ${end}`)
    at += n
  }
  return out
}

/** Writes all of `bytes` at `position` (null: where the file's offset is). */
function writeAt (fd: number, bytes: Uint8Array, position: number | null): void {
  for (let at = 0; at < bytes.length;) at += fs.writeSync(fd, bytes, at, bytes.length - at, position == null ? null : position + at)
}

/**
 * A repository's objects as `git cat-file --batch` prints them. One it
 * reports missing is left out; git failing is this relay's trouble.
 */
export function catFileBases (gitdir: string): BaseLookup {
  return async (oids, { signal, maxBytes }) => {
    const out = new Map<string, HeldObject>()
    if (oids.length === 0) return out
    if (maxBytes != null) {
      // their sizes first: nothing is read past the cap
      const sizes = (await catFile(gitdir, ['--batch-check=%(objectsize)'], oids, signal)).toString().split('\n')
      const total = sizes.reduce((n, line) => n + (/^\d+$/.test(line) ? Number(line) : 0), 0)
      if (total > maxBytes) throw new ThinBasesTooLargeError(total)
    }
    const bytes = await catFile(gitdir, ['--batch'], oids, signal)
    // "<oid> <type> <size>\n<content>\n", or "<oid> missing\n"
    let at = 0
    while (at < bytes.length) {
      const nl = bytes.indexOf(10, at)
      if (nl < 0) break
      const [oid, type, size] = bytes.subarray(at, nl).toString().split(' ')
      at = nl + 1
      if (type === 'missing' || size == null) continue
      const n = Number(size)
      if (!['commit', 'tree', 'blob', 'tag'].includes(type) || !Number.isSafeInteger(n) || at + n > bytes.length) throw new PackStoreError(`git cat-file printed something unexpected for ${oid}`)
      out.set(oid, { type: type as HeldObject['type'], content: new Uint8Array(bytes.buffer, bytes.byteOffset + at, n) })
      at += n + 1
    }
    return out
  }
}

/** `git cat-file <args>` on `oids`: its whole output. git failing is this relay's trouble. */
async function catFile (gitdir: string, args: string[], oids: string[], signal?: AbortSignal): Promise<Buffer> {
  return await new Promise<Buffer>((resolve, reject) => {
    const child = spawn('git', ['--git-dir', gitdir, 'cat-file', ...args], { stdio: ['pipe', 'pipe', 'pipe'], signal })
    const parts: Buffer[] = []
    let err = ''
    child.stdout.on('data', (d: Buffer) => parts.push(d))
    child.stderr.on('data', (d) => { err += String(d).slice(0, 1000) })
    child.on('error', (e) => { reject(new PackStoreError(`could not run git cat-file: ${e.message}`)) })
    child.on('close', (code) => code === 0 ? resolve(Buffer.concat(parts)) : reject(new PackStoreError(`git cat-file failed: ${err.trim() || `exit ${code}`}`)))
    child.stdin.on('error', () => {})
    child.stdin.end(oids.join('\n') + '\n')
  })
}

/** A failure of this machine's disk, told apart from a failure of the peer or the network. */
function local<T> (what: string, file: string, fn: () => T): T {
  try {
    return fn()
  } catch (err: any) {
    throw new PackStoreError(`could not ${what} ${file}: ${err.message}`, { cause: err })
  }
}

/** Removes packs left half-received by a crash. */
export function clearIncoming (dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true })
}
