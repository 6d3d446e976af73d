// Words the patch views share: what a status, a verdict, a merge plan or a
// commit pair of a comparison is called.
import type { MergePlan, PatchShownStatus, RevisionComparison, Verdict } from '../../app/types.js'

export const PATCH_STATUS_WORDS: Record<PatchShownStatus, string> = { open: 'Open', draft: 'Draft', archived: 'Archived', merged: 'Merged' }
export const VERDICT_WORDS: Record<Verdict, string> = { accept: 'Accepted', reject: 'Rejected' }

/** a merge plan as the merge box says it; `kind` is always one of its words (the tests look for them) */
export function mergePlanWords (plan: Pick<MergePlan, 'kind' | 'conflicts'>, target: string): string {
  switch (plan.kind) {
    case 'up-to-date': return `up-to-date: already in ${target}`
    case 'fast-forward': return `fast-forward: ${target} can fast-forward to this revision`
    case 'merge': return `merge: can merge cleanly, a merge commit will be made on ${target}`
    case 'conflict': return `conflict: ${plan.conflicts.length} ${plan.conflicts.length === 1 ? 'file conflicts' : 'files conflict'} with ${target}`
  }
}

/** how a commit of one revision corresponds to one of the other, as `git range-diff` marks it */
export type PairMark = '=' | '!' | '+' | '−'
export function pairMark (p: RevisionComparison['commits'][number]): PairMark {
  if (p.from == null) return '+'
  if (p.to == null) return '−'
  return p.same ? '=' : '!'
}
export const PAIR_WORDS: Record<PairMark, string> = { '=': 'same', '!': 'changed', '+': 'added', '−': 'dropped' }

export const commitsWords = (n: number): string => `${n} ${n === 1 ? 'commit' : 'commits'}`
/** "3 commits ahead", "up to date" for a branch a patch could come from */
export const aheadWords = (n: number): string => n === 0 ? 'nothing ahead' : `${commitsWords(n)} ahead`
