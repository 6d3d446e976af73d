// Merging a patch from the tab: the plan (up to date, fast-forward, a clean
// merge, or which files conflict), and the merge commit on the merged tree.
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

export async function planFor (_repos: Repos, _record: RepoRecord, c: CodeReader, target: string, head: string, opts: { write?: boolean, signal?: AbortSignal } = {}): Promise<MergePlan & { tree?: string }> {
  if (await holds(c, target, head, opts)) return { kind: 'up-to-date', targetHead: target, head, conflicts: [] }
  if (await holds(c, head, target, opts)) return { kind: 'fast-forward', targetHead: target, head, conflicts: [] }
  return { kind: 'conflict', targetHead: target, head, conflicts: [], reason: 'merge commits are not made here yet' }
}

/** the merge commit: the target's head first, as `git merge` makes it */
export async function mergeCommit (commit: (tree: string, parents: string[], message: string) => Promise<string>, tree: string, target: string, head: string, s: PatchState): Promise<string> {
  const n = s.revisions.findIndex(r => r.oid === head) + 1
  return await commit(tree, [target, head], `Merge patch: ${s.title}\n\nPatch ${s.id}${n > 0 ? `, revision ${n}` : ''}, into ${s.target}.\n`)
}
