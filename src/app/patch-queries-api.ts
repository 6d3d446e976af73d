// What the app handle offers for patches and review (app.repos.patches.*);
// patch-queries.ts implements it. Every command is a signed change under
// this tab's own namespace (refs/cobs/guts.patch/<id>), published at once.
import type { CodeLocation, InlineComment, MergePlan, NewPatchInput, PatchList, PatchView, ProposableBranch, Reaction, ReviewInput, RevisionCommits, RevisionComparison, Verdict } from './patch-api-types.js'
import type { RepoRecord } from '../repo/repo-index.js'

export interface PatchQueries {
  patches: {
    list: (record: RepoRecord, opts?: { signal?: AbortSignal }) => Promise<PatchList>
    /** undefined when this tab holds no patch `id` (or its opening change is invalid) */
    get: (record: RepoRecord, id: string, opts?: { signal?: AbortSignal }) => Promise<PatchView | undefined>
    /** a revision's commits, oldest first */
    commits: (record: RepoRecord, id: string, revision: string, opts?: { signal?: AbortSignal }) => Promise<RevisionCommits>
    /** every inline comment of the patch (over all revisions' reviews and discussions), placed in `revision`: current, kept, moved or outdated */
    inlineComments: (record: RepoRecord, id: string, revision: string, opts?: { signal?: AbortSignal }) => Promise<InlineComment[]>
    /** what changed from revision `from` to revision `to` */
    compare: (record: RepoRecord, id: string, from: string, to: string, opts?: { signal?: AbortSignal }) => Promise<RevisionComparison>
    /** what merging `revision` (default: the latest) into the target would do now */
    mergePlan: (record: RepoRecord, id: string, revision?: string, opts?: { signal?: AbortSignal }) => Promise<MergePlan>
    /** this tab's branches a patch could be proposed from */
    proposable: (record: RepoRecord, target?: string) => Promise<ProposableBranch[]>

    /** opens a patch from one of this tab's branches; its id */
    open: (record: RepoRecord, input: NewPatchInput) => Promise<string>
    /** a new revision from the branch's head now (or `head`); the revision's id */
    revise: (record: RepoRecord, id: string, input: { branch?: string, head?: string, description: string }) => Promise<string>
    /** a comment on a revision's discussion (on lines when `location` is given; a reply with replyTo); its id */
    comment: (record: RepoRecord, id: string, input: { revision: string, body: string, location?: CodeLocation, replyTo?: string }) => Promise<string>
    /** a reply to an inline comment of a review; its id */
    replyToReview: (record: RepoRecord, id: string, input: { review: string, body: string, replyTo: string }) => Promise<string>
    /** a review (verdict, summary and inline comments) published as one change; its id */
    review: (record: RepoRecord, id: string, input: ReviewInput) => Promise<string>
    /** changes this tab's review of a revision */
    editReview: (record: RepoRecord, id: string, review: string, change: { verdict?: Verdict, summary?: string }) => Promise<void>
    /** a comment anywhere in the patch, found by its id */
    editComment: (record: RepoRecord, id: string, comment: string, body: string) => Promise<void>
    redactComment: (record: RepoRecord, id: string, comment: string) => Promise<void>
    react: (record: RepoRecord, id: string, comment: string, reaction: Reaction, active: boolean) => Promise<void>
    /** resolve (or unresolve) a review's inline comment */
    resolve: (record: RepoRecord, id: string, comment: string, resolved: boolean) => Promise<void>
    edit: (record: RepoRecord, id: string, change: { title?: string, target?: string }) => Promise<void>
    setStatus: (record: RepoRecord, id: string, status: 'open' | 'draft' | 'archived') => Promise<void>
    label: (record: RepoRecord, id: string, change: { add?: string[], remove?: string[] }) => Promise<void>
    assign: (record: RepoRecord, id: string, change: { add?: string[], remove?: string[] }) => Promise<void>
    /**
     * A delegate merges `revision` (default: the latest) into the target:
     * a fast-forward when it can, else a merge commit made here; the branch
     * and the patch's merge record move in one signed step. MergeConflictError
     * (with the paths) when it would conflict: nothing is written. With
     * `expect` (what the page showed: the plan's target and head), EditError
     * when the patch was retargeted or the branch moved since. The commit
     * now at the target.
     */
    merge: (record: RepoRecord, id: string, revision?: string, expect?: { target?: string, targetHead?: string }) => Promise<string>
  }
}
