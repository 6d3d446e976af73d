// Patch evaluation (groundwork for review): revisions, one review per author
// per revision, inline comments resolved and unresolved, merges recorded by
// delegates only, and commits that must travel with the changes naming them.
import { describe, expect, it } from 'vitest'
import { evaluate } from './evaluate.js'
import { patchReducer } from './patch.js'
import type { Change } from './change.js'
import type { Evaluation } from './evaluate.js'
import type { PatchState } from './patch-types.js'

const D = '12D3KooWDelegateDelegateDelegateDelegateDelegateDel1'
const B = '12D3KooWReaderBReaderBReaderBReaderBReaderBReaderBbb'
const C = '12D3KooWReaderCReaderCReaderCReaderCReaderCReaderCcc'
let n = 0
const oid = (): string => (++n).toString(16).padStart(40, 'a')
const BASE = 'b'.repeat(40)
const HEAD1 = 'c'.repeat(40)
const HEAD2 = 'd'.repeat(40)
const MERGED = 'e'.repeat(40)

function change (author: string, parents: Change[], actions: unknown[], related: string[] = []): Change {
  const clock = Math.max(0, ...parents.map(p => p.clock)) + 1
  return { id: oid(), parents: parents.map(p => p.id), related, author, clock, identity: 0, at: clock * 1000, type: 'guts.patch', actions }
}
const run = (root: Change, cs: Change[]): Evaluation<PatchState> => evaluate(root.id, [root, ...cs].map(change => ({ ok: true as const, change })), patchReducer, { delegates: [[D]] })
const open = (): Change => change(B, [], [{ type: 'edit', title: 'Faster diffs', target: 'main' }, { type: 'revision', base: BASE, oid: HEAD1, description: 'First go' }], [BASE, HEAD1])

describe('patch evaluation', () => {
  it('a contributor proposes, a delegate reviews a line and rejects, the contributor revises, the delegate accepts and records the merge', () => {
    const root = open()
    const loc = { commit: HEAD1, path: 'src/diff.ts', new: [10, 12], hunk: '0123abcd' }
    const comment = change(D, [root], [{ type: 'review', revision: root.id, verdict: 'reject', summary: 'Close' }])
    const inline = change(D, [comment], [{ type: 'review.comment', review: comment.id, body: 'This loops', location: loc }])
    const rev2 = change(B, [inline], [{ type: 'revision', base: BASE, oid: HEAD2, description: 'Fixed the loop' }], [BASE, HEAD2])
    const resolve = change(B, [rev2], [{ type: 'review.comment.resolve', review: comment.id, id: inline.id }])
    const accept = change(D, [resolve], [{ type: 'review', revision: rev2.id, verdict: 'accept' }])
    const merge = change(D, [accept], [{ type: 'merge', revision: rev2.id, commit: MERGED }], [MERGED])
    const ev = run(root, [comment, inline, rev2, resolve, accept, merge])
    expect(ev.dropped).toEqual([])
    const s = ev.state!
    expect([s.title, s.target, s.author, s.status]).toEqual(['Faster diffs', 'main', B, 'open'])
    expect(s.revisions.map(r => [r.author, r.oid, r.description])).toEqual([[B, HEAD1, 'First go'], [B, HEAD2, 'Fixed the loop']])
    const review = s.revisions[0].reviews[D]
    expect([review.verdict, review.summary]).toEqual(['reject', 'Close'])
    expect(review.comments[0]).toMatchObject({ body: 'This loops', location: loc, resolved: { by: B } })
    expect(s.revisions[1].reviews[D].verdict).toBe('accept')
    expect(s.merges).toEqual([{ by: D, revision: rev2.id, commit: MERGED, at: merge.at }])
  })

  it('refuses a second review by one author of one revision, a review of a revision it lacks, and a merge by a non-delegate', () => {
    const root = open()
    const first = change(C, [root], [{ type: 'review', revision: root.id, verdict: 'accept' }])
    const second = change(C, [first], [{ type: 'review', revision: root.id, verdict: 'reject' }])
    const ghost = change(C, [root], [{ type: 'review', revision: 'f'.repeat(40) }])
    const merge = change(B, [root], [{ type: 'merge', revision: root.id, commit: MERGED }], [MERGED])
    const ev = run(root, [first, second, ghost, merge])
    expect(ev.dropped.map(d => d.reason).sort()).toEqual(['it reviews a revision the patch does not have', 'one review per author per revision', 'only a delegate may merge a patch'])
    expect(ev.state!.revisions[0].reviews[C].verdict).toBe('accept')
    expect(ev.state!.merges).toEqual([])
  })

  it('a revision or a merge whose commits do not travel with it is refused; so is a patch opened without one', () => {
    const root = open()
    const bare = change(B, [root], [{ type: 'revision', base: BASE, oid: HEAD2 }], [BASE])
    const merge = change(D, [root], [{ type: 'merge', revision: root.id, commit: MERGED }])
    const ev = run(root, [bare, merge])
    expect(ev.dropped.map(d => d.reason).sort()).toEqual(['a merge\'s commit must travel with it (among its related parents)', 'a revision\'s commits must travel with it (among its related parents)'])
    const noRevision = change(B, [], [{ type: 'edit', title: 'T', target: 'main' }])
    expect(run(noRevision, []).rootError).toMatch(/revision/)
  })

  it('only the patch\'s author or a delegate retitles it or changes its state; only delegates label', () => {
    const root = open()
    const byC = change(C, [root], [{ type: 'lifecycle', state: 'archived' }])
    const byB = change(B, [root], [{ type: 'lifecycle', state: 'draft' }, { type: 'edit', title: 'Faster diffs, take two' }])
    const label = change(B, [root], [{ type: 'label', add: ['perf'], remove: [] }])
    const ev = run(root, [byC, byB, label])
    expect(ev.state!.status).toBe('draft')
    expect(ev.state!.title).toBe('Faster diffs, take two')
    expect(ev.state!.labels).toEqual([])
    expect(ev.dropped).toHaveLength(2)
  })

  it('a change of several actions refused whole leaves every comment, review and revision as it was (its trial shares nothing it touched)', () => {
    const root = open()
    const said = change(C, [root], [{ type: 'revision.comment', revision: root.id, body: 'first words' }])
    const review = change(D, [said], [{ type: 'review', revision: root.id, verdict: 'reject', comments: [{ body: 'here', location: { commit: HEAD1, path: 'a', new: [1, 1] } }] }])
    // C edits its comment and reacts to D's inline one, then tries a delegate's label: nothing of it may stick
    const mixed = change(C, [review], [
      { type: 'revision.comment.edit', revision: root.id, id: said.id, body: 'changed' },
      { type: 'review.comment.react', review: review.id, id: `${review.id}.0`, reaction: 'rocket', active: true },
      { type: 'label', add: ['x'], remove: [] }
    ])
    const ev = run(root, [said, review, mixed])
    expect(ev.dropped.map(d => d.reason)).toEqual(['only a delegate may label a patch'])
    const s = ev.state!
    expect(s.revisions[0].comments[0].body).toBe('first words')
    expect(s.revisions[0].comments[0].edits).toHaveLength(1)
    expect(s.revisions[0].reviews[D].comments[0].reactions).toEqual({})
    expect(s.labels).toEqual([])
  })

  it('a review brings its inline comments, with ids <change>.<n>, that others reply to and resolve', () => {
    const root = open()
    const loc = (n: number): unknown => ({ commit: HEAD1, path: 'a', new: [n, n] })
    const review = change(D, [root], [{ type: 'review', revision: root.id, comments: [{ body: 'one', location: loc(1) }, { body: 'two', location: loc(2) }] }])
    const reply = change(B, [review], [{ type: 'review.comment', review: review.id, body: 'ok', replyTo: `${review.id}.1` }])
    const resolve = change(B, [reply], [{ type: 'review.comment.resolve', review: review.id, id: `${review.id}.0` }])
    const ev = run(root, [review, reply, resolve])
    expect(ev.dropped).toEqual([])
    const comments = ev.state!.revisions[0].reviews[D].comments
    expect(comments.map(c => [c.id, c.body, c.replyTo ?? null, c.resolved != null])).toEqual([[`${review.id}.0`, 'one', null, true], [`${review.id}.1`, 'two', null, false], [reply.id, 'ok', `${review.id}.1`, false]])
  })
})
