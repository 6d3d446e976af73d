// The files two trees differ by, as the diff views show them: renames found
// as git finds them, a text diff per file, bounded in files and bytes.
import { diffText, isBinary } from '../core/diff.js'
import type { DiffTextOptions } from '../core/diff.js'
import { commitDeltas, readBlobOid, readCommit } from '../repo/read.js'
import { openObjectStore } from '../repo/object-files.js'
import { diffTrees } from '../repo/tree-diff.js'
import { BadRevisionError } from './errors.js'
import type { CommitDiff } from './view-types.js'
import type { Repos } from '../repo/repos.js'
import type { FileDelta } from '../repo/tree-diff.js'
import type { ObjectStore } from '../repo/pack/object-store.js'

/** Commit diffs show at most this many files, */
export const MAX_DIFF_FILES = 300
/** and no file pair larger than this, together. */
export const MAX_DIFF_BYTES = 512 * 1024

export async function commitDiff (repos: Repos, rid: string, oid: string, opts: DiffTextOptions = {}): Promise<CommitDiff> {
  if (!/^[0-9a-f]{40}$/.test(oid)) throw new BadRevisionError('not a commit id')
  const commit = await readCommit(repos, rid, oid)
  // what rename detection read is not read again for the diff
  const blobs = new Map<string, Uint8Array>()
  const deltas = await commitDeltas(repos, rid, commit, { blobs, readBlob: blobReader(repos, rid) })
  return { commit, ...await fileDiffs(repos, rid, deltas, blobs, opts) }
}

/** What changed from tree `from` (undefined: nothing) to tree `to`, file by file. */
export async function treesDiff (repos: Repos, rid: string, from: string | undefined, to: string, opts: DiffTextOptions = {}): Promise<Omit<CommitDiff, 'commit'>> {
  const blobs = new Map<string, Uint8Array>()
  const deltas = await diffTrees(repos.fs, repos.gitdir(rid), from, to, repos.cache(rid), { blobs, readBlob: blobReader(repos, rid) })
  return fileDiffs(repos, rid, deltas, blobs, opts)
}

async function fileDiffs (repos: Repos, rid: string, deltas: FileDelta[], blobs: Map<string, Uint8Array>, opts: DiffTextOptions): Promise<Omit<CommitDiff, 'commit'>> {
  const readBlob = blobReader(repos, rid)
  const read = async (blob: string | undefined): Promise<Uint8Array> => blob == null ? new Uint8Array() : blobs.get(blob) ?? await readBlob(blob)
  const files: CommitDiff['files'] = []
  for (const delta of deltas.slice(0, MAX_DIFF_FILES)) {
    const [a, b] = await Promise.all([read(delta.oldOid), read(delta.newOid)])
    const binary = isBinary(a) || isBinary(b)
    const tooLarge = a.length + b.length > MAX_DIFF_BYTES
    const diff = binary || tooLarge || delta.oldOid === delta.newOid ? undefined : diffText(new TextDecoder().decode(a), new TextDecoder().decode(b), 3, opts)
    files.push({ delta, diff, binary, tooLarge, size: b.length || a.length })
  }
  return { files, total: deltas.length }
}

/**
 * How long a repository's object store is kept after its last read: it
 * holds the packs it read (preact's is 20 MB), and a reader paging through
 * commits reads from it again and again.
 */
const STORE_IDLE_MS = 60_000
const stores = new WeakMap<object, { store: Promise<ObjectStore>, timer?: ReturnType<typeof setTimeout> }>()

/**
 * Reads blobs straight from the packs (pack/object-store.ts: wasm inflate,
 * delta bases kept), not through isomorphic-git's readBlob, which looks for
 * a loose file and lists the packs for every object and inflates in JS: a
 * commit of 130 files spent most of its time there. A store sees the packs
 * of when it was opened, so an object it lacks (fetched since) or a pack
 * gone (consolidated) opens another; isomorphic-git is the last resort.
 */
export function blobReader (repos: Repos, rid: string): (oid: string) => Promise<Uint8Array> {
  const key = repos.cache(rid)
  return async (oid) => {
    for (let attempt = 0; attempt < 2; attempt++) {
      let held = stores.get(key)
      if (held == null || attempt > 0) {
        held = { store: openObjectStore(repos.fs, repos.gitdir(rid)) }
        stores.set(key, held)
      }
      clearTimeout(held.timer)
      const h = held
      held.timer = setTimeout(() => { if (stores.get(key) === h) stores.delete(key) }, STORE_IDLE_MS)
      ;(held.timer as { unref?: () => void }).unref?.() // never what keeps Node running
      try {
        const obj = await (await held.store).read(oid)
        if (obj?.type === 'blob') return obj.data
        if (obj != null) break // not a blob: isomorphic-git says so as it says it elsewhere
      } catch (err: any) {
        if (err?.code !== 'ENOENT') throw err
      }
    }
    return await readBlobOid(repos, rid, oid)
  }
}
