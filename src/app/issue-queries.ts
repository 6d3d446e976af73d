// The app handle's side of issues: the list (evaluated incrementally, cached
// in IndexedDB), one issue's thread, and every action a person takes on one.
// Each action is a signed change commit under this tab's own namespace
// (refs/cobs/guts.issue/<id>), published like a commit: peers and relays
// hear of it at once. Mixed into Repositories (repositories.ts).
import type { CloseReason, IssueState, IssueSummary, LinkRel, Reaction } from '../core/cob/issue-types.js'
import type { RepoRecord } from '../repo/repo-index.js'
import type { Repos } from '../repo/repos.js'

export type { CloseReason, IssueComment, IssueLink, IssueState, IssueStatus, IssueSummary, LinkRel, Reaction, TimelineEvent } from '../core/cob/issue-types.js'
export { CLOSE_REASONS, LINK_RELS, REACTIONS } from '../core/cob/issue-types.js'

export interface IssueList {
  /** every issue held, newest first */
  issues: IssueSummary[]
  /** every label in use, sorted */
  labels: string[]
  /** issues whose changes could not all be read yet (objects still arriving), not in `issues` */
  pending: number
}

export interface IssueView extends IssueState {
  /** this tab may label, assign and redact others' comments: a delegate */
  moderator: boolean
  /** this tab may edit the title and close or reopen: the author or a delegate */
  canManage: boolean
  /** this tab's PeerId, so a view can tell its own comments */
  me: string
  /** changes held but dropped (forged, unauthorised, malformed), with why, for the curious */
  dropped: Array<{ change: string, reason: string }>
}

export interface NewIssueInput { title: string, body: string, labels?: string[], assignees?: string[] }

export interface IssueQueries {
  issues: {
    list: (record: RepoRecord, opts?: { signal?: AbortSignal }) => Promise<IssueList>
    /** undefined when this tab holds no issue `id` (or its opening change is invalid) */
    get: (record: RepoRecord, id: string, opts?: { signal?: AbortSignal }) => Promise<IssueView | undefined>
    /** opens an issue; its id */
    open: (record: RepoRecord, input: NewIssueInput) => Promise<string>
    /** a comment (a reply when replyTo is a comment's id); the comment's id */
    comment: (record: RepoRecord, id: string, input: { body: string, replyTo?: string }) => Promise<string>
    editComment: (record: RepoRecord, id: string, comment: string, body: string) => Promise<void>
    redactComment: (record: RepoRecord, id: string, comment: string) => Promise<void>
    react: (record: RepoRecord, id: string, comment: string, reaction: Reaction, active: boolean) => Promise<void>
    editTitle: (record: RepoRecord, id: string, title: string) => Promise<void>
    close: (record: RepoRecord, id: string, reason: CloseReason) => Promise<void>
    reopen: (record: RepoRecord, id: string) => Promise<void>
    label: (record: RepoRecord, id: string, change: { add?: string[], remove?: string[] }) => Promise<void>
    assign: (record: RepoRecord, id: string, change: { add?: string[], remove?: string[] }) => Promise<void>
    link: (record: RepoRecord, id: string, to: string, rel: LinkRel) => Promise<void>
  }
}

// placeholder until the engine lands: every call says so
export function issueQueries (_repos: Repos, _changed: (rid: string) => void): IssueQueries {
  const later = async (): Promise<never> => { throw new Error('issues are not built yet') }
  return { issues: { list: later, get: later, open: later, comment: later, editComment: later, redactComment: later, react: later, editTitle: later, close: later, reopen: later, label: later, assign: later, link: later } }
}
