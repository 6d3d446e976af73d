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
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { PackIndexer } from '../../src/repo/pack/index-pack.js'
import { inflatedWith, PackStoreError } from '../../src/repo/pack/pack-sink.js'
import type { PackSinkFactory } from '../../src/repo/pack/pack-sink.js'

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
    const indexer = new PackIndexer(total, {
      signal,
      onProgress: opts.onProgress,
      spill: {
        write: (chunk) => local('write', file, () => {
          for (let at = 0; at < chunk.length;) at += fs.writeSync(fd, chunk, at, chunk.length - at)
        }),
        read: (start, end) => local('read', file, () => {
          const out = new Uint8Array(end - start)
          for (let at = 0; at < out.length;) {
            const n = fs.readSync(fd, out, at, out.length - at, start + at)
            if (n === 0) throw new Error(`it ends before byte ${end}`)
            at += n
          }
          return out
        }),
        sha1: { update: (bytes) => { hash.update(bytes) }, digest: () => new Uint8Array(hash.digest()) }
      }
    })
    return {
      push: (chunk) => { indexer.push(chunk) },
      finish: async () => {
        try {
          const result = await indexer.finish()
          close()
          return { ...result, pack: undefined, file, indexedBy: 'into a file', inflatedWith: inflatedWith() }
        } catch (err) {
          remove()
          throw err
        }
      },
      abort: () => { ac.abort(); remove() }
    }
  }
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
