// What a patch is once its changes are evaluated (patch.ts): plain data, the
// same on every peer that holds the same changes. Groundwork for patches and
// review (COLLABORATION.md "Collaborative objects", patch actions); the
// views and the handle come next.
import type { IssueComment, LinkRel } from './issue-types.js'

export const PATCH_STATUSES = ['open', 'draft', 'archived'] as const
export type PatchStatus = typeof PATCH_STATUSES[number]

export const VERDICTS = ['accept', 'reject'] as const
export type Verdict = typeof VERDICTS[number]

/** Where an inline comment is: lines of one file in one commit's diff, and the hunk around them (to carry it to later revisions). */
export interface CodeLocation {
  /** the commit whose diff (against the revision's base) the lines are in */
  commit: string
  path: string
  /** 1-based inclusive line ranges on the old and new side */
  old?: [number, number]
  new?: [number, number]
  /** a hash of the hunk's text around the lines */
  hunk?: string
}

export type PatchComment = IssueComment & { location?: CodeLocation, resolved?: { by: string, at: number } }

export interface Review {
  /** the change that made it */
  id: string
  author: string
  revision: string
  verdict?: Verdict
  summary?: string
  at: number
  comments: PatchComment[]
}

export interface Revision {
  /** the change that made it (the patch's first revision: the patch id) */
  id: string
  author: string
  /** the commit the revision is based on, and its head */
  base: string
  oid: string
  description: string
  /** the author's branch it came from (informational: where "Update patch" looks) */
  branch?: string
  at: number
  redacted?: boolean
  /** the revision's discussion */
  comments: PatchComment[]
  /** by author: one review per author per revision */
  reviews: Record<string, Review>
}

export interface MergeRecord { by: string, revision: string, commit: string, at: number }

export interface PatchState {
  id: string
  title: string
  /** the branch it asks to change, e.g. main */
  target: string
  author: string
  at: number
  status: PatchStatus
  labels: string[]
  assignees: string[]
  /** in the order they were made; redacted ones kept, marked */
  revisions: Revision[]
  /** each delegate's recorded merges (the patch is merged when `threshold` agree and the commit is on their branch: the handle decides) */
  merges: MergeRecord[]
  links: Array<{ to: string, rel: LinkRel, by: string, at: number }>
  lastActivity: number
}
