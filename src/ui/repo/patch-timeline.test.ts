import { describe, expect, it } from 'vitest'
import { commentThreads, patchTimeline, reviewers } from './patch-timeline.js'
import { aheadWords, mergePlanWords, pairMark } from './patch-words.js'
import type { PatchComment, Review, Revision } from '../../app/types.js'

const c = (id: string, at: number, replyTo?: string): PatchComment => ({ id, author: 'a', body: id, at, edits: [], reactions: {}, ...(replyTo != null ? { replyTo } : {}) })
const review = (id: string, author: string, at: number, verdict?: 'accept' | 'reject'): Review => ({ id, author, revision: 'r', at, comments: [], ...(verdict != null ? { verdict } : {}) })
const rev = (id: string, at: number, comments: PatchComment[] = [], reviews: Review[] = []): Revision => ({ id, author: 'a', base: 'b', oid: 'o', description: id, at, comments, reviews: Object.fromEntries(reviews.map(r => [r.author, r])) })

describe('patchTimeline', () => {
  it('orders revisions after the first, reviews, comments and merges by time, replies under what they answer', () => {
    const r1 = rev('r1', 1, [c('c1', 2), c('c3', 6, 'c1'), c('c2', 3)], [review('v1', 'bob', 4, 'reject')])
    const r2 = rev('r2', 5, [], [review('v2', 'bob', 7, 'accept')])
    const items = patchTimeline({ revisions: [r1, r2], merges: [{ by: 'd', revision: 'r2', commit: 'm', at: 8 }] })
    expect(items.map(i => i.kind === 'comment' ? `${i.comment.id}@${i.depth}` : i.kind === 'revision' ? `rev${i.number}` : i.kind === 'review' ? i.review.id : `merge${i.number!}`))
      .toEqual(['c1@0', 'c3@1', 'c2@0', 'v1', 'rev2', 'v2', 'merge2'])
  })

  it('shows a reply to a comment it does not hold, or a cycle, once each', () => {
    const items = patchTimeline({ revisions: [rev('r1', 1, [c('x', 2, 'gone'), c('p', 3, 'q'), c('q', 4, 'p')])], merges: [] })
    expect(items.filter(i => i.kind === 'comment').map(i => i.kind === 'comment' ? i.comment.id : '')).toEqual(['x'])
  })
})

describe('reviewers', () => {
  it('keeps each person’s latest review, the latest revision’s first', () => {
    const revs = [rev('r1', 1, [], [review('a1', 'ann', 2, 'reject'), review('b1', 'bob', 3, 'accept')]), rev('r2', 4, [], [review('a2', 'ann', 5, 'accept')])]
    expect(reviewers(revs).map(r => [r.author, r.review.verdict, r.number])).toEqual([['ann', 'accept', 2], ['bob', 'accept', 1]])
    expect(reviewers(revs, 0).map(r => [r.author, r.review.verdict])).toEqual([['bob', 'accept'], ['ann', 'reject']])
  })
})

describe('patch words', () => {
  it('say each merge plan with its kind, and mark commit pairs as range-diff does', () => {
    for (const kind of ['up-to-date', 'fast-forward', 'merge', 'conflict'] as const) expect(mergePlanWords({ kind, conflicts: ['a'] }, 'main')).toMatch(new RegExp(`^${kind}`))
    const x = { oid: 'x' } as any
    expect([pairMark({ from: x, to: x, same: true }), pairMark({ from: x, to: x, same: false }), pairMark({ to: x, same: false }), pairMark({ from: x, same: false })]).toEqual(['=', '!', '+', '−'])
  })
})

describe('commentThreads', () => {
  it('gathers replies, and replies to replies, under the comment they answer', () => {
    const t = commentThreads([c('a', 1), c('b', 2), c('r2', 5, 'r1'), c('r1', 3, 'a'), c('x', 4, 'gone')])
    expect(t.map(x => [x.root.id, x.replies.map(r => r.id)])).toEqual([['a', ['r1', 'r2']], ['b', []], ['x', []]])
  })
})

describe('branch words', () => {
  it('say how far ahead a branch is', () => {
    expect([aheadWords(0), aheadWords(1), aheadWords(3)]).toEqual(['nothing ahead', '1 commit ahead', '3 commits ahead'])
  })
})
