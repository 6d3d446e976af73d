// An issue page's thread, in the order it is drawn: the description, then
// top-level comments and the other timeline events (label, close, title…)
// in evaluation order, as on GitHub; a reply sits right under the comment
// it answers (depth + 1), whenever it came. Pure, for the page to draw.
import type { IssueComment, IssueState, TimelineEvent } from '../../app/types.js'

/** how far replies indent: deeper ones stay at this depth, so a phone keeps its width */
export const MAX_REPLY_DEPTH = 3

export type ThreadItem =
  | { kind: 'comment', comment: IssueComment, depth: number }
  | { kind: 'event', event: TimelineEvent }

export function issueThread (issue: Pick<IssueState, 'id' | 'comments' | 'timeline'>): ThreadItem[] {
  const byId = new Map(issue.comments.map(c => [c.id, c]))
  const replies = new Map<string, IssueComment[]>()
  const topLevel = new Set<string>()
  for (const c of issue.comments) {
    // a reply to a comment this peer does not hold (or to itself) shows as a comment of its own
    if (c.replyTo != null && c.replyTo !== c.id && byId.has(c.replyTo) && c.id !== issue.id) {
      replies.set(c.replyTo, [...(replies.get(c.replyTo) ?? []), c])
    } else {
      topLevel.add(c.id)
    }
  }
  const out: ThreadItem[] = []
  const shown = new Set<string>()
  const put = (c: IssueComment, depth: number): void => {
    if (shown.has(c.id)) return // a reply cycle cannot loop
    shown.add(c.id)
    out.push({ kind: 'comment', comment: c, depth: Math.min(depth, MAX_REPLY_DEPTH) })
    for (const r of replies.get(c.id) ?? []) put(r, depth + 1)
  }
  const description = byId.get(issue.id)
  if (description != null) put(description, 0)
  for (const e of issue.timeline) {
    if (e.kind === 'opened') continue
    if (e.kind === 'comment') {
      const c = byId.get(e.comment)
      if (c != null && topLevel.has(c.id)) put(c, 0)
      continue
    }
    out.push({ kind: 'event', event: e })
  }
  // comments the timeline did not name (none should be), and replies caught in a cycle
  for (const c of issue.comments) if (!shown.has(c.id) && topLevel.has(c.id)) put(c, 0)
  for (const c of issue.comments) if (!shown.has(c.id)) put(c, 0)
  return out
}
