// Merging a patch from the tab: the plan (up to date, fast-forward, a clean
// merge, or which files conflict), and the merge commit on the merged tree.
import { planMerge } from '../repo/merge-plan.js'
import { commitFacts } from '../repo/merge-base-graph.js'
import { holds } from './patch-code.js'
import type { CodeReader } from './patch-code.js'
import type { MergePlan } from './patch-api-types.js'
import type { PatchState } from '../core/cob/patch-types.js'
import type { RepoRecord } from '../repo/repo-index.js'
import type { Repos } from '../repo/repos.js'

export class MergeConflictError extends Error {
  static name = 'MergeConflictError'
  name = 'MergeConflictError'
  constructor (readonly paths: string[], reason?: string) {
    super(`the merge would conflict${paths.length > 0 ? ` in ${paths.slice(0, 5).join(', ')}${paths.length > 5 ? ` and ${paths.length - 5} more` : ''}` : ''}${reason != null ? ` (${reason})` : ''}: merge it with git, or ask for a new revision`)
  }
}

/** What merging `head` into `target` would do; with `write`, a clean merge's tree is written (for the merge commit). */
export async function planFor (repos: Repos, record: RepoRecord, c: CodeReader, target: string, head: string, opts: { write?: boolean, signal?: AbortSignal } = {}): Promise<MergePlan & { tree?: string }> {
  const r = await planMerge(repos.fs, repos.gitdir(record.rid), target, head, { write: opts.write === true, cache: repos.cache(record.rid), graph: c.graph, readObject: c.read, signal: opts.signal })
  return { kind: r.kind, targetHead: target, head, conflicts: r.conflicts, ...(r.reason != null ? { reason: r.reason } : {}), ...(r.tree != null ? { tree: r.tree } : {}) }
}

/** the merge commit: the target's head first, as `git merge` makes it */
export async function mergeCommit (commit: (tree: string, parents: string[], message: string) => Promise<string>, tree: string, target: string, head: string, s: PatchState): Promise<string> {
  const n = s.revisions.findIndex(r => r.oid === head) + 1
  return await commit(tree, [target, head], `Merge patch: ${s.title}\n\nPatch ${s.id}${n > 0 ? `, revision ${n}` : ''}, into ${s.target}.\n`)
}

/**
 * Whether `commit`, another delegate's recorded merge of revision head
 * `head`, is one this tab may take as its own (a fast-forward onto
 * `ours`): the revision's head itself, or a merge commit of exactly
 * [parent, head] whose tree is the one merging them makes here, and which
 * holds `ours`. Anything else (a commit with other changes in it) is not
 * adopted: this tab makes its own merge.
 */
export async function genuineMerge (repos: Repos, record: RepoRecord, c: CodeReader, commit: string, head: string, ours: string): Promise<boolean> {
  if (!await holds(c, commit, ours).catch(() => false)) return false
  if (commit === head) return true
  const raw = await c.read(commit)
  if (raw?.type !== 'commit') return false
  const { parents } = commitFacts(raw.data)
  if (parents.length !== 2 || parents[1] !== head) return false
  const tree = /^tree ([0-9a-f]{40})/.exec(new TextDecoder().decode(raw.data.subarray(0, 46)))?.[1]
  const plan = await planFor(repos, record, c, parents[0], head)
  return plan.kind === 'merge' && plan.tree === tree
}
