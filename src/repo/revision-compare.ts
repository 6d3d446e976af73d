// Two revisions of a patch compared, as `git range-diff` compares them:
// what their heads differ by in the files the patch touches (an interdiff),
// and how their commits correspond.
//
// Files: head(from) → head(to), kept to the paths either revision changes
// against its own base, so the upstream changes a rebase brings along do not
// flood the view (baseMoved says a file may still differ because its base
// did).
//
// Commits: each revision's commits base..head along first parents (merges
// walked through but not listed, as range-diff's `git log --no-merges`), at
// most MAX_COMPARED_COMMITS each, then paired:
//  1. by patch id: the commit's diff against its first parent, file by file
//     and line by line with no line numbers nor commit ids, so a commit
//     rebased unchanged pairs with its old self. The pair is `same` when
//     its message and author are the same too (range-diff's `=`), else it
//     is a `!` pair;
//  2. the commits left, by equal subject line (a `!` pair);
//  3. the rest unpaired: dropped (from only) or added (to only).
// Ordered as range-diff prints them: by the `to` side, each unpaired `from`
// commit where it was. range-diff pairs the commits left after step 1 by
// the least total size of their diffs' differences (with a cost for
// leaving one unpaired) rather than by subject: a commit amended and
// retitled pairs there and not here, and two commits swapped with their
// subjects kept pair here whatever their diffs.
import { diffText, isBinary } from '../core/diff.js'
import { hunkHash } from '../core/cob/anchor.js'
import { MAX_SCORE } from '../core/rename-score.js'
import git from './git.js'
import { parseCommitSummary } from './commit-summary.js'
import { diffTrees } from './tree-diff.js'
import type { DiffLine } from '../core/diff.js'
import type { GitFs } from './fs.js'
import type { CommitSummary } from './read.js'
import type { FileDelta } from './tree-diff.js'

/** each revision's commits compared, at most */
export const MAX_COMPARED_COMMITS = 250
/** a file pair larger than this counts in a patch id by its blob ids, not its lines */
const MAX_PATCH_ID_BYTES = 512 * 1024

export interface RevisionRef { base: string, oid: string }

export interface CompareOptions {
  /** isomorphic-git's cache */
  cache?: object
  signal?: AbortSignal
  /** how objects are read (the app's pack reader); isomorphic-git's readObject when absent or when it says undefined */
  readObject?: (oid: string) => Promise<{ type: string, data: Uint8Array } | undefined>
}

export interface CommitPair { from?: string, to?: string, same: boolean }

export interface RevisionCompare {
  baseMoved: boolean
  deltas: FileDelta[]
  commits: CommitPair[]
  /** every commit named in `commits` */
  summaries: Record<string, CommitSummary>
  /** false when a revision has more than MAX_COMPARED_COMMITS commits (only its newest are compared) */
  complete: boolean
}

export class NotACommitError extends Error {
  static name = 'NotACommitError'
  name = 'NotACommitError'
}

export async function compareRevisions (fs: GitFs, gitdir: string, from: RevisionRef, to: RevisionRef, opts: CompareOptions = {}): Promise<RevisionCompare> {
  opts.signal?.throwIfAborted()
  const read = async (oid: string): Promise<{ type: string, data: Uint8Array }> => {
    const obj = await opts.readObject?.(oid)
    if (obj != null) return obj
    const { type, object } = await git.readObject({ fs, gitdir, oid, format: 'content', cache: opts.cache })
    return { type, data: object as Uint8Array }
  }
  const summaries = new Map<string, CommitSummary>()
  const commit = async (oid: string): Promise<CommitSummary> => {
    let c = summaries.get(oid)
    if (c == null) {
      const { type, data } = await read(oid)
      if (type !== 'commit') throw new NotACommitError(`${oid} is a ${type}, not a commit`)
      summaries.set(oid, c = parseCommitSummary(data, oid))
    }
    return c
  }
  const readBlob = async (oid: string): Promise<Uint8Array> => (await read(oid)).data
  const trees = { readObject: read, readBlob, signal: opts.signal }
  const diff = async (a: string | undefined, b: string, exactRenamesOnly = false): Promise<FileDelta[]> =>
    await diffTrees(fs, gitdir, a, b, opts.cache, exactRenamesOnly ? { ...trees, minScore: MAX_SCORE } : trees)

  const [fb, fh, tb, th] = await Promise.all([from.base, from.oid, to.base, to.oid].map(commit))
  // the paths each revision changes (renames need no pairing here: both their paths count)
  const touched = new Set<string>()
  for (const d of [...await diff(fb.tree, fh.tree, true), ...await diff(tb.tree, th.tree, true)]) {
    touched.add(d.path)
    if (d.oldPath != null) touched.add(d.oldPath)
  }
  const deltas = (await diff(fh.tree, th.tree)).filter(d => touched.has(d.path) || (d.oldPath != null && touched.has(d.oldPath)))

  const a = await firstParentRange(commit, from.base, from.oid, opts.signal)
  const b = await firstParentRange(commit, to.base, to.oid, opts.signal)
  // a commit's patch id, computed only when asked: commits kept as they were (the same ids) need none
  const ids = new Map<string, Promise<PatchKeys>>()
  const idsOf = async (c: CommitSummary): Promise<PatchKeys> => {
    let p = ids.get(c.oid)
    if (p == null) {
      opts.signal?.throwIfAborted()
      ids.set(c.oid, p = (async () => {
        const parentTree = c.parents.length > 0 ? (await commit(c.parents[0])).tree : undefined
        const ds = await diff(parentTree, c.tree)
        let full: Promise<string> | undefined
        return { cheap: ds.map(d => `${d.status} ${d.oldPath ?? ''} ${d.path} ${d.oldMode ?? ''} ${d.newMode ?? ''} ${d.oldOid ?? ''} ${d.newOid ?? ''}`).join('\n'), full: async () => await (full ??= patchId(ds, readBlob)) }
      })())
    }
    return await p
  }
  const pairs = await pair(a.commits, b.commits, idsOf)
  const named = new Set(pairs.flatMap(p => [p.from, p.to]).filter((x): x is string => x != null))
  return {
    baseMoved: from.base !== to.base,
    deltas,
    commits: pairs,
    summaries: Object.fromEntries([...named].map(oid => [oid, summaries.get(oid)!])),
    complete: a.complete && b.complete
  }
}

/** base..head along first parents, oldest first, merges left out; the newest MAX_COMPARED_COMMITS */
async function firstParentRange (commit: (oid: string) => Promise<CommitSummary>, base: string, head: string, signal?: AbortSignal): Promise<{ commits: CommitSummary[], complete: boolean }> {
  const out: CommitSummary[] = []
  let oid: string | undefined = head
  let walked = 0
  while (oid != null && oid !== base) {
    signal?.throwIfAborted()
    if (walked++ >= MAX_COMPARED_COMMITS * 4 || out.length >= MAX_COMPARED_COMMITS) return { commits: out.reverse(), complete: false }
    const c = await commit(oid)
    if (c.parents.length <= 1) out.push(c)
    oid = c.parents[0]
  }
  return { commits: out.reverse(), complete: true }
}

const KIND = { context: ' ', add: '+', del: '-' } as const

/** A hash of what the deltas change, line by line, without line numbers (binary and very large files by their blob ids). */
async function patchId (deltas: FileDelta[], readBlob: (oid: string) => Promise<Uint8Array>): Promise<string> {
  const lines: Array<Pick<DiffLine, 'kind' | 'text'>> = []
  const decoder = new TextDecoder()
  for (const d of deltas) {
    lines.push({ kind: 'context', text: `\0${d.status} ${d.oldPath ?? d.path} ${d.path} ${d.oldMode ?? ''} ${d.newMode ?? ''}` })
    if (d.oldOid === d.newOid) continue
    const [x, y] = await Promise.all([d.oldOid == null ? new Uint8Array() : readBlob(d.oldOid), d.newOid == null ? new Uint8Array() : readBlob(d.newOid)])
    if (isBinary(x) || isBinary(y) || x.length + y.length > MAX_PATCH_ID_BYTES) {
      lines.push({ kind: 'context', text: `\0blobs ${d.oldOid ?? ''} ${d.newOid ?? ''}` })
      continue
    }
    for (const h of diffText(decoder.decode(x), decoder.decode(y)).hunks) {
      lines.push({ kind: 'context', text: '\0@@' })
      for (const l of h.lines) lines.push({ kind: l.kind, text: KIND[l.kind] + l.text })
    }
  }
  return hunkHash({ lines })
}

const subject = (c: CommitSummary): string => c.message.split('\n', 1)[0].trim()
const sameText = (x: CommitSummary, y: CommitSummary): boolean =>
  x.message.trimEnd() === y.message.trimEnd() && x.author.name === y.author.name && x.author.email === y.author.email

/** range-diff's pairs, in its order (see the top of this file) */
interface PatchKeys {
  /** what the commit changes as blob ids: equal keys, equal patches */
  cheap: string
  /** its patch id proper (line by line) */
  full: () => Promise<string>
}

async function pair (a: CommitSummary[], b: CommitSummary[], idsOf: (c: CommitSummary) => Promise<PatchKeys>): Promise<CommitPair[]> {
  const matchA = new Array<number>(a.length).fill(-1)
  const matchB = new Array<number>(b.length).fill(-1)
  const samePatch = new Array<boolean>(b.length).fill(false)
  const link = (i: number, j: number, patch: boolean): void => { matchA[i] = j; matchB[j] = i; samePatch[j] = patch }
  // 1. equal patch ids: first the same commits, then those whose changes are the same blobs (no text diff needed), then by their lines
  const byKey = async (key: (c: CommitSummary) => Promise<string> | string, patch: boolean): Promise<void> => {
    const free = new Map<string, number[]>()
    for (let i = 0; i < a.length; i++) {
      if (matchA[i] >= 0) continue
      const k = await key(a[i])
      const list = free.get(k)
      if (list == null) free.set(k, [i])
      else list.push(i)
    }
    for (let j = 0; j < b.length; j++) {
      if (matchB[j] >= 0) continue
      const list = free.get(await key(b[j]))
      const i = list?.shift()
      if (i != null) link(i, j, patch)
    }
  }
  const left = (): boolean => matchA.includes(-1) && matchB.includes(-1)
  await byKey(c => c.oid, true)
  if (left()) await byKey(async c => (await idsOf(c)).cheap, true)
  if (left()) await byKey(async c => await (await idsOf(c)).full(), true)
  // 2. then equal subjects
  await byKey(subject, false)

  // the order range-diff prints (range-diff.c, output)
  const out: CommitPair[] = []
  const shown = new Array<boolean>(a.length).fill(false)
  for (let i = 0, j = 0; i < a.length || j < b.length;) {
    while (i < a.length && shown[i]) i++
    if (i < a.length && matchA[i] < 0) {
      out.push({ from: a[i].oid, same: false })
      shown[i] = true
      i++
      continue
    }
    while (j < b.length && matchB[j] < 0) {
      out.push({ to: b[j].oid, same: false })
      j++
    }
    if (j < b.length) {
      const k = matchB[j]
      out.push({ from: a[k].oid, to: b[j].oid, same: samePatch[j] && sameText(a[k], b[j]) })
      shown[k] = true
      j++
    }
  }
  return out
}
