// Whether a patch merges into a branch, and the merged tree when it does:
// what `git merge-tree --write-tree ours theirs` answers, worked out in the
// tab. ours is the branch's head, theirs the patch's. Nothing to do when
// theirs is in ours' history; a fast-forward when ours is in theirs';
// otherwise a three-way merge against the merge base (merge-trees.ts,
// merge-text.ts), whose tree the caller commits with parents [ours, theirs].
// A merge that conflicts names its paths and writes nothing.
//
// Where git would answer otherwise:
// - Renames are not detected (merge-ort detects them): a file renamed on
//   one side and changed on the other is, for us, changed on one side and
//   deleted on the other: a conflict where git merges cleanly. (Directory
//   renames likewise.) A conflict, never a wrong tree.
// - Several merge bases (criss-cross histories) or none: a conflict with
//   that reason; git would merge the bases first, or refuse.
// - Files past 8 MiB or 100,000 lines merge as binary ones: a conflict
//   when both sides changed them.
// - .gitattributes merge drivers and renormalization are not applied, and
//   submodules changed on both sides conflict (git only resolves them with
//   the submodule's own history at hand, which a bare repository has not).
// - A path that conflicts as a file on one side and a directory (or a
//   file of another type) on the other is named once, by its path; git
//   moves one version aside and lists it as `path~<branch>` too.
import git from './git.js'
import { meetTips } from './merge-base.js'
import { CommitGraph, commitFacts } from './merge-base-graph.js'
import { mergeTrees } from './merge-trees.js'
import { withObjectStore } from './object-files.js'
import type { ReadCommitFacts } from './merge-base-graph.js'
import type { ReadObject } from './merge-trees.js'
import type { GitFs } from './fs.js'

export interface MergeResult {
  kind: 'up-to-date' | 'fast-forward' | 'merge' | 'conflict'
  /** for 'merge': the merged tree's oid (its blobs and trees written only when opts.write) */
  tree?: string
  /** for 'conflict': the paths that do not merge, sorted (as git lists them) */
  conflicts: string[]
  /** for 'conflict': why, one line per path (the first few), or why no merge was tried */
  reason?: string
  /** the merge base used */
  base?: string
}

export interface PlanMergeOptions {
  /** write the merged tree's new blobs and trees as loose objects (only for a merge that goes through) */
  write?: boolean
  /** isomorphic-git's object cache */
  cache?: object
  signal?: AbortSignal
  /** the repository's commit graph, kept between calls (commitGraphOf); a fresh one when absent */
  graph?: CommitGraph
  /** how objects are read, isomorphic-git's readObject when it says undefined; when absent, an ObjectStore opened for the call (openObjectStore) */
  readObject?: (oid: string) => Promise<{ type: string, data: Uint8Array } | undefined>
}

export class MergeInputError extends Error { static name = 'MergeInputError'; name = 'MergeInputError' }

/** reasons listed in `reason`; the rest are counted */
const MAX_REASONS = 10
/** objects written at once */
const WRITERS = 8

/**
 * @example
 * const r = await planMerge(fs, gitdir, branchHead, patchHead, { write: true })
 * if (r.kind === 'merge') await git.commit({ fs, gitdir, tree: r.tree, parent: [branchHead, patchHead], ... })
 */
export async function planMerge (fs: GitFs, gitdir: string, ours: string, theirs: string, opts: PlanMergeOptions = {}): Promise<MergeResult> {
  if (opts.readObject != null) return await planWith(opts.readObject, fs, gitdir, ours, theirs, opts)
  // the project's object store reads a commit in a tenth of isomorphic-git's time (no fs probing per object)
  return await withObjectStore(fs, gitdir, async (store) => {
    try {
      return await planWith(async (oid) => await store.read(oid), fs, gitdir, ours, theirs, opts)
    } finally { store.release() }
  })
}

async function planWith (readHeld: NonNullable<PlanMergeOptions['readObject']>, fs: GitFs, gitdir: string, ours: string, theirs: string, opts: PlanMergeOptions): Promise<MergeResult> {
  const { signal } = opts
  // (without one, isomorphic-git loads a pack's index again for every object)
  const cache = opts.cache ?? {}
  const read: ReadObject = async (oid) => {
    const held = await readHeld(oid)
    if (held != null) return held
    const { type, object } = await git.readObject({ fs, gitdir, oid, format: 'content', cache })
    return { type, data: object as Uint8Array }
  }
  const facts: ReadCommitFacts = async (oid) => {
    try {
      const { type, data } = await read(oid)
      return type === 'commit' ? commitFacts(data) : undefined
    } catch (err: any) {
      if (err?.code === 'NotFoundError') return undefined
      throw err
    }
  }
  const treeOf = async (oid: string): Promise<string> => {
    const { type, data } = await read(oid).catch(() => ({ type: 'missing', data: new Uint8Array(0) }))
    const m = type === 'commit' ? /^tree ([0-9a-f]{40})\n/.exec(new TextDecoder().decode(data.subarray(0, 46))) : null
    if (m == null) throw new MergeInputError(`${oid} is not a commit held here`)
    return m[1]
  }
  const [oursTree, theirsTree] = [await treeOf(ours), await treeOf(theirs)]
  if (ours === theirs) return { kind: 'up-to-date', conflicts: [], base: ours }

  const m = await meetTips(opts.graph ?? new CommitGraph(), ours, theirs, facts, { signal })
  // (theirs reached no commit outside ours' history)
  if (m.ahead === 0) return { kind: 'up-to-date', conflicts: [], base: theirs }
  if (m.mergeBases.includes(ours)) return { kind: 'fast-forward', conflicts: [], base: ours }
  const refuse = (reason: string): MergeResult => ({ kind: 'conflict', conflicts: [], reason })
  if (!m.complete) return refuse('part of the history is not held here, so the merge base is not known')
  if (m.mergeBases.length === 0) return refuse('the two have no history in common')
  if (m.mergeBases.length > 1) return refuse(`the two have ${m.mergeBases.length} merge bases (criss-cross merges); merge with git`)

  const base = m.mergeBases[0]
  const merged = await mergeTrees(read, await treeOf(base), oursTree, theirsTree, signal)
  if (merged.conflicts.size > 0) {
    const decode = new TextDecoder()
    const paths = [...merged.conflicts.keys()].sort()
    const shown = (p: string): string => decode.decode(Uint8Array.from(p, c => c.charCodeAt(0)))
    const lines = paths.slice(0, MAX_REASONS).map(p => `${shown(p)}: ${merged.conflicts.get(p)!}`)
    if (paths.length > MAX_REASONS) lines.push(`and ${paths.length - MAX_REASONS} more`)
    return { kind: 'conflict', conflicts: paths.map(shown), reason: lines.join('\n'), base }
  }
  if (opts.write === true) {
    // (a few at a time: the writes wait on the fs more than on the CPU)
    const todo = [...merged.made]
    const writer = async (): Promise<void> => {
      for (let next = todo.pop(); next != null; next = todo.pop()) {
        signal?.throwIfAborted()
        const [oid, obj] = next
        const written = await git.writeObject({ fs, gitdir, type: obj.type, object: obj.data, format: 'content' })
        if (written !== oid) throw new MergeInputError(`object ${oid} was written as ${written}`)
      }
    }
    await Promise.all(Array.from({ length: WRITERS }, writer))
  }
  return { kind: 'merge', tree: merged.tree, conflicts: [], base }
}
