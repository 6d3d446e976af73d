// What an issue is once its changes are evaluated (issue.ts): plain data,
// the same on every peer that holds the same changes. Times are ms since the
// epoch, taken from the signed change commits (their authors' clocks: shown,
// never used to order anything; order is by causality and Lamport clock).

export const REACTIONS = ['+1', '-1', 'laugh', 'hooray', 'confused', 'heart', 'rocket', 'eyes'] as const
export type Reaction = typeof REACTIONS[number]

export const CLOSE_REASONS = ['solved', 'duplicate', 'other'] as const
export type CloseReason = typeof CLOSE_REASONS[number]

export const LINK_RELS = ['closes', 'duplicates', 'relates'] as const
export type LinkRel = typeof LINK_RELS[number]

export type IssueStatus = { status: 'open' } | { status: 'closed', reason: CloseReason }

export interface CommentEdit {
  body: string
  /** when it was written */
  at: number
  /** the change that wrote it */
  change: string
}

export interface IssueComment {
  /** the id of the change that made it (the issue's description: the issue id) */
  id: string
  author: string
  /** the latest edit's body; '' once redacted */
  body: string
  at: number
  replyTo?: string
  /** every version, oldest (the original) first; empty once redacted */
  edits: CommentEdit[]
  redacted?: { by: string, at: number }
  /** who reacted with what, each list in the order the reactions came */
  reactions: Partial<Record<Reaction, string[]>>
}

export interface IssueLink {
  /** an issue id or a commit id (40 hex) */
  to: string
  rel: LinkRel
  by: string
  at: number
}

export type TimelineEvent =
  | { kind: 'opened', by: string, at: number, change: string }
  | { kind: 'comment', by: string, at: number, change: string, comment: string }
  | { kind: 'title', by: string, at: number, change: string, title: string }
  | { kind: 'closed', by: string, at: number, change: string, reason: CloseReason }
  | { kind: 'reopened', by: string, at: number, change: string }
  | { kind: 'label', by: string, at: number, change: string, add: string[], remove: string[] }
  | { kind: 'assign', by: string, at: number, change: string, add: string[], remove: string[] }
  | { kind: 'link', by: string, at: number, change: string, to: string, rel: LinkRel }
  | { kind: 'redact', by: string, at: number, change: string, comment: string }

export interface IssueState {
  id: string
  title: string
  /** who opened it */
  author: string
  at: number
  status: IssueStatus
  labels: string[]
  assignees: string[]
  /** the description first (id === the issue id), then every comment in evaluation order */
  comments: IssueComment[]
  links: IssueLink[]
  /** every applied action worth showing, in evaluation order */
  timeline: TimelineEvent[]
  /** the newest `at` of any applied change */
  lastActivity: number
}

/** One row of the issue list: enough to filter, sort and show it without the thread. */
export interface IssueSummary {
  id: string
  title: string
  author: string
  at: number
  lastActivity: number
  status: IssueStatus
  labels: string[]
  assignees: string[]
  /** comments after the description */
  comments: number
}
