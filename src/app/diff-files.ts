// The files two trees differ by, as the diff views show them: first the
// list (renames found as git finds them, no file read but for scoring
// renames), then a text diff per file, asked for one at a time so a page
// shows the list at once and draws the diffs near the screen first.
import { diffText, isBinary } from '../core/diff.js'
import type { DiffTextOptions } from '../core/diff.js'
import { parseCommitSummary } from '../repo/commit-summary.js'
import { readCommit } from '../repo/read.js'
import { diffTrees } from '../repo/tree-diff.js'
import { blobReader, objectReader } from './diff-object-store.js'
import { BadRevisionError } from './errors.js'
import type { CommitDiff, CommitFileList, FileDiffBody } from './view-types.js'
import type { CommitSummary } from '../repo/read.js'
import type { Repos } from '../repo/repos.js'
import type { FileDelta } from '../repo/tree-diff.js'
import type { ObjectReader } from './diff-object-store.js'

export { blobReader } from './diff-object-store.js'

/** Commit diffs show at most this many files, */
export const MAX_DIFF_FILES = 300
/** and no file pair larger than this, together. */
export const MAX_DIFF_BYTES = 512 * 1024

/** lists kept (a reader going back and forth between commits) */
const MAX_LISTS = 32
/** diffs kept, counted in lines, so toggling whitespace back or reopening a commit computes nothing */
const MAX_CACHED_LINES = 200_000

/** A commit and the files it changed against its first parent, without their diffs. */
export async function commitFileList (repos: Repos, rid: string, oid: string, opts: { signal?: AbortSignal } = {}): Promise<CommitFileList> {
  if (!/^[0-9a-f]{40}$/.test(oid)) throw new BadRevisionError('not a commit id')
  const lists = cacheOf(listCaches, repos, rid)
  const key = oid
  const hit = lists.get(key)
  if (hit != null) { lists.delete(key); lists.set(key, hit); return hit }
  const read = objectReader(repos, rid)
  const commit = await commitAt(repos, rid, read, oid)
  const parentTree = commit.parents.length > 0 ? (await commitAt(repos, rid, read, commit.parents[0])).tree : undefined
  const list = { commit, ...await deltasBetween(repos, rid, parentTree, commit.tree, opts) }
  lists.set(key, list)
  if (lists.size > MAX_LISTS) lists.delete(lists.keys().next().value!)
  return list
}
const listCaches = new WeakMap<object, Map<string, CommitFileList>>()

/** A repository's cache (kept as long as its Repos keeps it: a fresh Repos computes again) */
function cacheOf<T> (caches: WeakMap<object, Map<string, T>>, repos: Repos, rid: string): Map<string, T> {
  const key = repos.cache(rid)
  let m = caches.get(key)
  if (m === undefined) caches.set(key, m = new Map())
  return m
}

/** What changed from tree `from` (undefined: nothing) to tree `to`: the files, without their diffs. */
export async function deltasBetween (repos: Repos, rid: string, from: string | undefined, to: string, opts: { signal?: AbortSignal } = {}): Promise<Omit<CommitFileList, 'commit'>> {
  const read = objectReader(repos, rid)
  const deltas = await diffTrees(repos.fs, repos.gitdir(rid), from, to, repos.cache(rid), { readObject: read, readBlob: blobReader(repos, rid), signal: opts.signal })
  return { deltas: deltas.slice(0, MAX_DIFF_FILES), total: deltas.length }
}

/** One file's diff: its two blobs read and compared (binary and too large files are not). */
export async function fileDiff (repos: Repos, rid: string, delta: Pick<FileDelta, 'oldOid' | 'newOid'>, opts: DiffTextOptions & { signal?: AbortSignal } = {}): Promise<FileDiffBody> {
  const key = `${delta.oldOid ?? ''} ${delta.newOid ?? ''} ${opts.ignoreWhitespace === true ? 'w' : ''}`
  const diffs = cacheOf(diffCaches, repos, rid)
  const hit = diffs.get(key)
  if (hit != null) { diffs.delete(key); diffs.set(key, hit); return hit.body }
  opts.signal?.throwIfAborted()
  const readBlob = blobReader(repos, rid)
  const read = async (blob: string | undefined): Promise<Uint8Array> => blob == null ? new Uint8Array() : await readBlob(blob)
  // (a rename without changes: one blob)
  const [a, b] = delta.oldOid === delta.newOid ? await read(delta.oldOid).then(x => [x, x]) : await Promise.all([read(delta.oldOid), read(delta.newOid)])
  const binary = isBinary(a) || isBinary(b)
  const tooLarge = a.length + b.length > MAX_DIFF_BYTES
  const diff = binary || tooLarge || delta.oldOid === delta.newOid ? undefined : diffText(new TextDecoder().decode(a), new TextDecoder().decode(b), 3, opts)
  const body: FileDiffBody = { diff, binary, tooLarge, size: b.length || a.length }
  const lines = 1 + (diff?.hunks.reduce((n, h) => n + h.lines.length, 0) ?? 0)
  if (lines <= MAX_CACHED_LINES / 4) {
    diffs.set(key, { body, lines })
    let total = 0
    for (const v of diffs.values()) total += v.lines
    for (const [k, v] of diffs) {
      if (total <= MAX_CACHED_LINES) break
      diffs.delete(k)
      total -= v.lines
    }
  }
  return body
}
/** per repository: blob ids (and whitespace) to the diff, with its size in lines */
const diffCaches = new WeakMap<object, Map<string, { body: FileDiffBody, lines: number }>>()

/** A commit with every file's diff at once (tests, benchmarks, and views that want all). */
export async function commitDiff (repos: Repos, rid: string, oid: string, opts: DiffTextOptions = {}): Promise<CommitDiff> {
  const { commit, deltas, total } = await commitFileList(repos, rid, oid)
  return { commit, files: await allDiffs(repos, rid, deltas, opts), total }
}

/**
 * What changed from tree `from` (undefined: nothing) to tree `to`, file by
 * file, for compare: the files only, each `pending` (its diff is for the
 * view to ask for with fileDiff, near the screen first: a compare of 300
 * files computed every diff before showing anything).
 */
export async function treesDiff (repos: Repos, rid: string, from: string | undefined, to: string, opts: { signal?: AbortSignal } = {}): Promise<Omit<CommitDiff, 'commit'>> {
  const { deltas, total } = await deltasBetween(repos, rid, from, to, opts)
  return { files: deltas.map(delta => ({ delta, binary: false, tooLarge: false, size: 0, pending: true })), total }
}

async function allDiffs (repos: Repos, rid: string, deltas: FileDelta[], opts: DiffTextOptions): Promise<CommitDiff['files']> {
  const files: CommitDiff['files'] = []
  for (const delta of deltas) files.push({ delta, ...await fileDiff(repos, rid, delta, opts) })
  return files
}

/** A commit read from the packs (isomorphic-git's readCommit probes the fs for each object), isomorphic-git when they lack it. */
async function commitAt (repos: Repos, rid: string, read: ObjectReader, oid: string): Promise<CommitSummary> {
  const obj = await read(oid)
  return obj?.type === 'commit' ? parseCommitSummary(obj.data, oid) : await readCommit(repos, rid, oid)
}

/** The files changed from commit `from` to commit `to`, without their diffs (compare: the merge base to head). */
export async function commitsDeltas (repos: Repos, rid: string, from: string, to: string, opts: { signal?: AbortSignal } = {}): Promise<Omit<CommitFileList, 'commit'>> {
  if (![from, to].every(oid => /^[0-9a-f]{40}$/.test(oid))) throw new BadRevisionError('not a commit id')
  const read = objectReader(repos, rid)
  const [a, b] = [await commitAt(repos, rid, read, from), await commitAt(repos, rid, read, to)]
  return await deltasBetween(repos, rid, a.tree, b.tree, opts)
}
