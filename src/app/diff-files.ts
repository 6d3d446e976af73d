// The files two trees differ by, as the diff views show them: renames found
// as git finds them, a text diff per file, bounded in files and bytes.
import { diffText, isBinary } from '../core/diff.js'
import type { DiffTextOptions } from '../core/diff.js'
import { commitDeltas, readBlobOid, readCommit } from '../repo/read.js'
import { diffTrees } from '../repo/tree-diff.js'
import { BadRevisionError } from './errors.js'
import type { CommitDiff } from './view-types.js'
import type { Repos } from '../repo/repos.js'
import type { FileDelta } from '../repo/tree-diff.js'

/** Commit diffs show at most this many files, */
export const MAX_DIFF_FILES = 300
/** and no file pair larger than this, together. */
export const MAX_DIFF_BYTES = 512 * 1024

export async function commitDiff (repos: Repos, rid: string, oid: string, opts: DiffTextOptions = {}): Promise<CommitDiff> {
  if (!/^[0-9a-f]{40}$/.test(oid)) throw new BadRevisionError('not a commit id')
  const commit = await readCommit(repos, rid, oid)
  // what rename detection read is not read again for the diff
  const blobs = new Map<string, Uint8Array>()
  const deltas = await commitDeltas(repos, rid, commit, { blobs })
  return { commit, ...await fileDiffs(repos, rid, deltas, blobs, opts) }
}

/** What changed from tree `from` (undefined: nothing) to tree `to`, file by file. */
export async function treesDiff (repos: Repos, rid: string, from: string | undefined, to: string, opts: DiffTextOptions = {}): Promise<Omit<CommitDiff, 'commit'>> {
  const blobs = new Map<string, Uint8Array>()
  const deltas = await diffTrees(repos.fs, repos.gitdir(rid), from, to, repos.cache(rid), { blobs })
  return fileDiffs(repos, rid, deltas, blobs, opts)
}

async function fileDiffs (repos: Repos, rid: string, deltas: FileDelta[], blobs: Map<string, Uint8Array>, opts: DiffTextOptions): Promise<Omit<CommitDiff, 'commit'>> {
  const read = async (blob: string | undefined): Promise<Uint8Array> => blob == null ? new Uint8Array() : blobs.get(blob) ?? await readBlobOid(repos, rid, blob)
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
