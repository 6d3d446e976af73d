// The plain data the patch queries (patch-queries.ts) hand the views: a
// patch as its changes evaluate, plus what only this peer's copy of the code
// can tell (merged or not, a revision's commits, where each inline comment
// falls in a later revision, whether a merge would be clean).
import type { CodeLocation, PatchComment, PatchState, PatchStatus, Review, Revision, Verdict } from '../core/cob/patch-types.js'
import type { Reaction } from '../core/cob/issue-types.js'
import type { CommitSummary } from '../repo/read.js'
import type { FileDelta } from '../repo/tree-diff.js'

export type { CodeLocation, PatchComment, PatchState, PatchStatus, Review, Revision, Verdict } from '../core/cob/patch-types.js'

/** what a list and a page show: the patch's own status, or merged */
export type PatchShownStatus = PatchStatus | 'merged'

export interface PatchSummary {
  id: string
  title: string
  target: string
  author: string
  at: number
  lastActivity: number
  status: PatchShownStatus
  labels: string[]
  assignees: string[]
  /** how many revisions (redacted ones included) */
  revisions: number
  /** the latest revision's head commit */
  head: string
  /** discussion and inline comments, over every revision */
  comments: number
  /** the latest revision's verdicts */
  accepts: number
  rejects: number
}

export interface PatchList {
  /** every patch held, newest first */
  patches: PatchSummary[]
  labels: string[]
  /** patches whose changes could not all be read yet */
  pending: number
}

/** How a patch came to be merged. */
export interface MergedInfo {
  /** the revision merged (the patch's revision id) */
  revision: string
  /** the commit on the target branch that holds it (a merge commit, or the revision's head after a fast-forward) */
  commit: string
  /** the delegates who recorded the merge; empty when the target branch came to contain the revision by other means */
  by: string[]
}

export interface PatchView extends PatchState {
  /** open, draft, archived, or merged (MergedInfo says how) */
  shown: PatchShownStatus
  merged?: MergedInfo
  /** the target branch's canonical head now, if the branch exists */
  targetHead?: string
  /** this tab may label, assign, redact others' comments and merge: a delegate */
  moderator: boolean
  /** this tab may retitle, retarget, and change the state: the patch's author or a delegate */
  canManage: boolean
  me: string
  dropped: Array<{ change: string, reason: string }>
}

/** One revision's commits, from its base to its head, oldest first (as `git log --reverse base..head`), at most MAX_REVISION_COMMITS. */
export interface RevisionCommits { commits: CommitSummary[], total: number, complete: boolean }

/** Where an inline comment falls in the revision a view shows. */
export type AnchorStatus =
  /** made on this revision */
  | 'current'
  /** carried: its hunk is in this revision at the same lines */
  | 'kept'
  /** carried: its hunk is in this revision, at other lines */
  | 'moved'
  /** its hunk is gone; `location` stays where it was made */
  | 'outdated'

export interface InlineComment {
  comment: PatchComment
  /** the review it belongs to (undefined: the revision's discussion) */
  review?: string
  /** the revision (its id) it was made on, and its number (1-based) */
  madeOn: string
  madeOnNumber: number
  status: AnchorStatus
  /** in the revision shown (for current, kept and moved); where it was made for outdated */
  location: CodeLocation
  /** replies to it, in order */
  replies: PatchComment[]
}

/** What changed between two revisions: their heads' differences in the files either revision touches (an interdiff). */
export interface RevisionComparison {
  from: string
  to: string
  /** the two revisions were made on different bases: a file may differ because its base moved */
  baseMoved: boolean
  /** head of `from` → head of `to`, in the files either revision changes against its base */
  deltas: FileDelta[]
  /** how the commits of the two correspond (as `git range-diff` pairs them, by what each commit changes) */
  commits: Array<{ from?: CommitSummary, to?: CommitSummary, same: boolean }>
}

/** What merging a revision into its target would do, found without writing anything. */
export interface MergePlan {
  kind: 'up-to-date' | 'fast-forward' | 'merge' | 'conflict'
  /** the target's head the plan was made on */
  targetHead: string
  head: string
  /** for conflict: the paths both sides changed in ways that do not merge */
  conflicts: string[]
  /** for conflict: why, in words (e.g. which kind of clash, or a history git must merge) */
  reason?: string
}

export interface NewPatchInput {
  title: string
  description: string
  /** the branch to change (the repository's default unless given) */
  target?: string
  /** this tab's branch (in its fork, or the repository's own for a delegate) holding the change */
  branch: string
  draft?: boolean
}

/** A review as drafted: published as one change. */
export interface ReviewInput {
  revision: string
  verdict?: Verdict
  summary?: string
  comments: Array<{ body: string, location: CodeLocation }>
}

/** Branches this tab could propose from: its own, with how far ahead of the target they are. */
export interface ProposableBranch { branch: string, head: string, ahead: number }

export type { CommitSummary, FileDelta, Reaction }
export type ReviewView = Review
export type RevisionView = Revision
