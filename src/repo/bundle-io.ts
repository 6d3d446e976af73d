// Git bundles in and out. A bundle is a header (refs) followed by a packfile;
// importing indexes the pack (which hashes every object, so an object can't
// lie about its id) and checks, in the same pass, that everything the refs
// reach is present.
import { encodeBundleHeader, parseBundleHeader } from '../core/bundle.js'
import { ImportError } from './errors.js'
import { withObjectStore } from './object-files.js'
import { markReachable } from './export-walk.js'
import { writeExportPack } from './export-pack.js'
import { assertTipsPresent, storePack } from './store-pack.js'
import type { BundleRef } from '../core/bundle.js'
import type { ExportedPack } from './export-pack.js'
import type { GitFs } from './fs.js'

export interface Progress {
  phase: string
  loaded?: number
  total?: number
}

export interface UnpackedBundle {
  refs: BundleRef[]
  /** what HEAD pointed at in the bundle, if it said */
  head?: string
  objects: number
}

/** Writes the bundle's pack into `gitdir` (an initialised repository) and verifies it. */
export async function unpackBundle (fs: GitFs, gitdir: string, bytes: Uint8Array, opts: { cache?: object, signal?: AbortSignal, onProgress?: (p: Progress) => void } = {}): Promise<UnpackedBundle> {
  let header
  try {
    header = parseBundleHeader(bytes)
  } catch (err: any) {
    const reason = String(err?.message ?? err)
    // the parser's own message for a file of anything else says so already
    if (reason.startsWith('not a git bundle')) throw new ImportError('this file is not a git bundle: it does not start with "# v2 git bundle" (make one with "git bundle create repo.bundle --all")')
    throw new ImportError(`not a git bundle: ${reason}`)
  }
  if (header.prerequisites.length > 0) {
    throw new ImportError('this bundle only holds part of a history (it was made from a range of commits); make it with "git bundle create repo.bundle --all"')
  }
  const refs = header.refs.filter(r => r.name.startsWith('refs/heads/') || r.name.startsWith('refs/tags/'))
  if (refs.length === 0) throw new ImportError('the bundle has no branches or tags')
  const head = header.refs.find(r => r.name === 'HEAD')?.oid

  const pack = bytes.subarray(header.packOffset)
  if (pack.length < 32) throw new ImportError('the bundle holds no objects')
  opts.onProgress?.({ phase: 'Indexing objects', loaded: 0 })
  let stored
  try {
    stored = await storePack(fs, gitdir, pack, {
      signal: opts.signal,
      onProgress: (done, total) => opts.onProgress?.({ phase: 'Indexing objects', loaded: done, total })
    })
  } catch (err: any) {
    if (err.name === 'IncompleteRepositoryError' || err.name === 'AbortError') throw err
    throw new ImportError(`the bundle's pack is damaged: ${err.message}`)
  }
  assertTipsPresent(refs.map(r => r.oid), stored, new Set())
  const oids = stored.oids
  return { refs, head, objects: oids.size }
}

/**
 * A v2 bundle of everything reachable from `refs`, with HEAD first when
 * given. Its pack is the stored packs' own entries (deltas and all), copied
 * in runs (export-pack.ts): a repository held as one pack is written as
 * that pack. So it is about the size of what is stored, and takes about as
 * long as `git bundle create --all` (bench/export.ts).
 */
export async function packBundle (fs: GitFs, gitdir: string, refs: BundleRef[], head: string | undefined, opts: { signal?: AbortSignal, onProgress?: (p: Progress) => void } = {}): Promise<Uint8Array> {
  return (await exportBundlePack(fs, gitdir, refs, head, opts)).bytes
}

/** packBundle, with how its pack was written (for tests and benchmarks). */
export async function exportBundlePack (fs: GitFs, gitdir: string, refs: BundleRef[], head: string | undefined, opts: { signal?: AbortSignal, onProgress?: (p: Progress) => void } = {}): Promise<ExportedPack> {
  const prefix = encodeBundleHeader([...(head != null ? [{ name: 'HEAD', oid: head }] : []), ...refs])
  const { signal, onProgress } = opts
  return await withObjectStore(fs, gitdir, async (store) => {
    try {
      signal?.throwIfAborted()
      onProgress?.({ phase: 'Counting objects', loaded: 0 })
      const marks = await markReachable(store, refs.map(r => r.oid), { signal, onProgress: (n) => onProgress?.({ phase: 'Counting objects', loaded: n }) })
      onProgress?.({ phase: 'Counting objects', loaded: marks.count, total: marks.count })
      signal?.throwIfAborted()
      return await writeExportPack(store, marks, {
        prefix,
        signal,
        onPlanned: (done, total) => onProgress?.({ phase: 'Preparing objects', loaded: done, total }),
        onWritten: (done, total) => onProgress?.({ phase: 'Writing objects', loaded: done, total })
      })
    } finally {
      store.release()
    }
  })
}
