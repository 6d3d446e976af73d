// A patch's conversation in time order: each revision pushed after the
// first, each review, the revisions' comments (a reply right under what it
// answers, whenever it came), the merges. Pure, for the page to draw. The
// first revision's description is the patch's opening post, drawn apart.
import type { PatchComment, PatchState, Review, Revision } from '../../app/types.js'

type MergeRecord = PatchState['merges'][number]

/** how far replies indent (as issue threads) */
export const MAX_PATCH_REPLY_DEPTH = 3

export type PatchTimelineItem =
  | { kind: 'revision', at: number, revision: Revision, number: number }
  | { kind: 'review', at: number, review: Review, number: number }
  | { kind: 'comment', at: number, comment: PatchComment, revision: Revision, number: number, depth: number }
  | { kind: 'merge', at: number, merge: MergeRecord, number?: number }

export function patchTimeline (patch: Pick<PatchState, 'revisions' | 'merges'>): PatchTimelineItem[] {
  const tops: PatchTimelineItem[] = []
  const replies = new Map<string, Array<{ comment: PatchComment, revision: Revision, number: number }>>()
  const numberOf = new Map(patch.revisions.map((r, i) => [r.id, i + 1]))
  patch.revisions.forEach((revision, i) => {
    const number = i + 1
    if (i > 0) tops.push({ kind: 'revision', at: revision.at, revision, number })
    const ids = new Set(revision.comments.map(c => c.id))
    for (const comment of revision.comments) {
      if (comment.replyTo != null && comment.replyTo !== comment.id && ids.has(comment.replyTo)) {
        replies.set(comment.replyTo, [...(replies.get(comment.replyTo) ?? []), { comment, revision, number }])
      } else {
        tops.push({ kind: 'comment', at: comment.at, comment, revision, number, depth: 0 })
      }
    }
    for (const review of Object.values(revision.reviews)) tops.push({ kind: 'review', at: review.at, review, number })
  })
  for (const merge of patch.merges) tops.push({ kind: 'merge', at: merge.at, merge, number: numberOf.get(merge.revision) })
  // time order; ties kept in the order above (a revision before what was said on it)
  const order = tops.map((t, i) => ({ t, i })).sort((a, b) => a.t.at - b.t.at || a.i - b.i).map(x => x.t)
  const out: PatchTimelineItem[] = []
  const shown = new Set<string>()
  const put = (item: PatchTimelineItem): void => {
    out.push(item)
    if (item.kind !== 'comment') return
    for (const r of replies.get(item.comment.id) ?? []) {
      if (shown.has(r.comment.id)) continue // a reply cycle cannot loop
      shown.add(r.comment.id)
      put({ kind: 'comment', at: r.comment.at, ...r, depth: Math.min(item.depth + 1, MAX_PATCH_REPLY_DEPTH) })
    }
  }
  for (const t of order) {
    if (t.kind === 'comment') { if (shown.has(t.comment.id)) continue; shown.add(t.comment.id) }
    put(t)
  }
  return out
}

/** each reviewer's latest verdict on the revisions up to and including `upTo` (0-based), newest review per person */
export function reviewers (revisions: readonly Revision[], upTo = revisions.length - 1): Array<{ author: string, review: Review, number: number }> {
  const by = new Map<string, { author: string, review: Review, number: number }>()
  revisions.slice(0, upTo + 1).forEach((rev, i) => {
    for (const review of Object.values(rev.reviews)) {
      const had = by.get(review.author)
      if (had == null || had.number < i + 1 || (had.number === i + 1 && had.review.at <= review.at)) by.set(review.author, { author: review.author, review, number: i + 1 })
    }
  })
  return [...by.values()].sort((a, b) => b.review.at - a.review.at)
}

/** a review's (or a discussion's) inline comments as threads: each comment on lines, with the replies to it (to any depth) in time order */
export function commentThreads (comments: readonly PatchComment[]): Array<{ root: PatchComment, replies: PatchComment[] }> {
  const byId = new Map(comments.map(c => [c.id, c]))
  const rootOf = (c: PatchComment): PatchComment => {
    const seen = new Set<string>()
    let at = c
    while (at.replyTo != null && byId.has(at.replyTo) && !seen.has(at.id)) { seen.add(at.id); at = byId.get(at.replyTo)! }
    return at
  }
  const threads = new Map<string, { root: PatchComment, replies: PatchComment[] }>()
  for (const c of comments) {
    const root = rootOf(c)
    const t = threads.get(root.id) ?? { root, replies: [] }
    if (c.id !== root.id) t.replies.push(c)
    threads.set(root.id, t)
  }
  for (const t of threads.values()) t.replies.sort((a, b) => a.at - b.at)
  return [...threads.values()]
}
