// Evaluation of collaborative objects, on issues: the rules one by one, and
// the property that matters most: every peer holding the same changes
// computes the same state, whatever order (and however many times) they
// arrived, and a state carried on incrementally equals one computed afresh.
import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../../test/fixtures/prng.js'
import { evaluate, extendEvaluation, headsOf, nextClock } from './evaluate.js'
import { issueReducer } from './issue.js'
import type { Change, LoadedChange } from './change.js'
import type { Evaluation, IdentityVersions } from './evaluate.js'
import type { IssueState } from './issue-types.js'

const D = '12D3KooWDelegateDelegateDelegateDelegateDelegateDel1'
const E = '12D3KooWSecondDelegateSecondDelegateSecondDelegateE'
const B = '12D3KooWReaderBReaderBReaderBReaderBReaderBReaderBbb'
const C = '12D3KooWReaderCReaderCReaderCReaderCReaderCReaderCcc'
const ONE: IdentityVersions = { delegates: [[D]] }

let n = 0
const oid = (): string => (++n).toString(16).padStart(40, '0')

function change (author: string, parents: Change[], actions: unknown[], over: Partial<Change> = {}): Change {
  const clock = Math.max(0, ...parents.map(p => p.clock)) + 1
  return { id: oid(), parents: parents.map(p => p.id), related: [], author, clock, identity: 0, at: 1000 * clock, type: 'guts.issue', actions, ...over }
}
const ok = (c: Change): LoadedChange => ({ ok: true, change: c })
const open = (author: string, title = 'T', body = 'B'): Change => change(author, [], [{ type: 'edit', title }, { type: 'comment', body }])
const run = (root: Change, cs: Change[], ids = ONE): Evaluation<IssueState> => evaluate(root.id, [root, ...cs].map(ok), issueReducer, ids)
const reasons = (ev: Evaluation<unknown>): string[] => ev.dropped.map(d => d.reason)

describe('issue evaluation, rule by rule', () => {
  it('opens, comments, replies, edits, reacts, labels, assigns, closes and reopens', () => {
    const root = open(B, 'Crash', 'It crashes')
    const c1 = change(D, [root], [{ type: 'comment', body: 'Which version?' }])
    const c2 = change(B, [c1], [{ type: 'comment', body: '1.2', replyTo: c1.id }])
    const e = change(B, [c2], [{ type: 'comment.edit', id: c2.id, body: '1.2.3' }])
    const r = change(C, [e], [{ type: 'comment.react', id: root.id, reaction: '+1', active: true }])
    const l = change(D, [r], [{ type: 'label', add: ['bug'], remove: [] }, { type: 'assign', add: [B], remove: [] }])
    const x = change(B, [l], [{ type: 'lifecycle', state: 'closed', reason: 'solved' }])
    const y = change(D, [x], [{ type: 'lifecycle', state: 'open' }])
    const ev = run(root, [c1, c2, e, r, l, x, y])
    expect(ev.dropped).toEqual([])
    const s = ev.state!
    expect(s.title).toBe('Crash')
    expect(s.comments.map(c => c.body)).toEqual(['It crashes', 'Which version?', '1.2.3'])
    expect(s.comments[2].edits.map(x => x.body)).toEqual(['1.2', '1.2.3'])
    expect(s.comments[2].replyTo).toBe(c1.id)
    expect(s.comments[0].reactions).toEqual({ '+1': [C] })
    expect(s.labels).toEqual(['bug'])
    expect(s.assignees).toEqual([B])
    expect(s.status).toEqual({ status: 'open' })
    expect(s.timeline.map(t => t.kind)).toEqual(['opened', 'comment', 'comment', 'label', 'assign', 'closed', 'reopened'])
  })

  it('drops a non-delegate closing someone else\'s issue, labelling, assigning, or redacting another\'s comment; the state is unchanged', () => {
    const root = open(B)
    const before = run(root, []).state
    const closes = change(C, [root], [{ type: 'lifecycle', state: 'closed', reason: 'other' }])
    const labels = change(C, [root], [{ type: 'label', add: ['x'], remove: [] }])
    const assigns = change(B, [root], [{ type: 'assign', add: [C], remove: [] }])
    const redacts = change(C, [root], [{ type: 'comment.redact', id: root.id }])
    const edits = change(D, [root], [{ type: 'comment.edit', id: root.id, body: 'a delegate may not edit' }])
    const retitles = change(C, [root], [{ type: 'edit', title: 'mine' }])
    const ev = run(root, [closes, labels, assigns, redacts, edits, retitles])
    expect(ev.state).toEqual(before)
    expect(reasons(ev).sort()).toEqual([
      'only a comment\'s author may edit it',
      'only a comment\'s author or a delegate may redact it',
      'only a delegate may assign an issue',
      'only a delegate may label an issue',
      'only the issue\'s author or a delegate may close or reopen it',
      'only the issue\'s author or a delegate may edit its title'
    ])
  })

  it('a change is applied whole or not at all, and its descendants are dropped with it', () => {
    const root = open(B)
    // a comment and an unauthorised label in one change: neither counts
    const mixed = change(C, [root], [{ type: 'comment', body: 'hello' }, { type: 'label', add: ['x'], remove: [] }])
    const after = change(B, [mixed], [{ type: 'comment', body: 'reply to the dropped one' }])
    const beside = change(B, [root], [{ type: 'comment', body: 'kept' }])
    const ev = run(root, [mixed, after, beside])
    expect(ev.state!.comments.map(c => c.body)).toEqual(['B', 'kept'])
    expect(ev.state!.labels).toEqual([])
    expect(reasons(ev)).toEqual(['only a delegate may label an issue', 'it comes after a change that was dropped'])
  })

  it('drops a forged or malformed change and what follows it; only a bad root makes the object invalid', () => {
    const root = open(B)
    const forged: LoadedChange = { ok: false, bad: { id: oid(), parents: [root.id], reason: 'its signature does not hold' } }
    const child = change(B, [], [{ type: 'comment', body: 'x' }], { parents: [forged.bad.id], clock: 3 })
    const huge = change(C, [root], [{ type: 'comment', body: 'x'.repeat(65 * 1024) }])
    const unknown = change(C, [root], [{ type: 'delete-everything' }])
    const ev = evaluate(root.id, [ok(root), forged, ok(child), ok(huge), ok(unknown)], issueReducer, ONE)
    expect(ev.state!.comments).toHaveLength(1)
    expect(ev.dropped.map(d => d.change).sort()).toEqual([forged.bad.id, child.id, huge.id, unknown.id].sort())
    const badRoot: LoadedChange = { ok: false, bad: { id: oid(), parents: [], reason: 'its signature does not hold' } }
    const ev2 = evaluate(badRoot.bad.id, [badRoot], issueReducer, ONE)
    expect(ev2.state).toBeUndefined()
    expect(ev2.rootError).toMatch(/signature/)
    // an opening without a title is no issue
    const noTitle = change(B, [], [{ type: 'comment', body: 'x' }])
    expect(run(noTitle, []).rootError).toMatch(/title/)
  })

  it('drops a clock that is not above its parents\' or runs far ahead', () => {
    const root = open(B)
    const same = change(C, [root], [{ type: 'comment', body: 'x' }], { clock: root.clock })
    const jump = change(C, [root], [{ type: 'comment', body: 'y' }], { clock: root.clock + 5000 })
    const ev = run(root, [same, jump])
    expect(reasons(ev).sort()).toEqual(['its clock is not above its parents\'', 'its clock runs more than 1024 ahead of its parents\''])
  })

  it('a removed delegate\'s authority: refused when cited against the new identity, and stale when citing the old one after it', () => {
    const ids: IdentityVersions = { delegates: [[D, E], [D]] }
    const root = open(B)
    // E labels while still a delegate (version 0): it stands
    const before = change(E, [root], [{ type: 'label', add: ['early'], remove: [] }])
    // D removes E (version 1) and writes a change relying on it
    const d1 = change(D, [before], [{ type: 'comment', body: 'E is no longer a maintainer' }], { identity: 1 })
    const citesNew = change(E, [d1], [{ type: 'label', add: ['late'], remove: [] }], { identity: 1 })
    const citesOld = change(E, [d1], [{ type: 'lifecycle', state: 'closed', reason: 'other' }], { identity: 0 })
    const ev = run(root, [before, d1, citesNew, citesOld], ids)
    expect(ev.state!.labels).toEqual(['early'])
    expect(ev.state!.status).toEqual({ status: 'open' })
    expect(reasons(ev).sort()).toEqual(['it relies on identity version 0, older than version 1 in its past', 'only a delegate may label an issue'])
  })

  it('waits for a parent or an identity version not held yet, then takes the change', () => {
    const root = open(B)
    const c1 = change(B, [root], [{ type: 'comment', body: 'one' }])
    const c2 = change(C, [c1], [{ type: 'comment', body: 'two' }])
    const ahead = change(D, [root], [{ type: 'comment', body: 'cites v1' }], { identity: 1 })
    const ev = run(root, [c2, ahead])
    expect(ev.pending.sort()).toEqual([c2.id, ahead.id].sort())
    expect(ev.dropped).toEqual([])
    const ev2 = run(root, [c1, c2, ahead], { delegates: [[D], [D]] })
    expect(ev2.state!.comments.map(c => c.body).sort()).toEqual(['B', 'cites v1', 'one', 'two'])
  })

  it('labels are deltas: two delegates adding different labels at once both keep theirs', () => {
    const ids: IdentityVersions = { delegates: [[D, E]] }
    const root = open(B)
    const a = change(D, [root], [{ type: 'label', add: ['bug'], remove: [] }])
    const b = change(E, [root], [{ type: 'label', add: ['ui'], remove: [] }])
    expect(run(root, [a, b], ids).state!.labels).toEqual(['bug', 'ui'])
  })

  it('a new change builds on the heads with the next clock', () => {
    const root = open(B)
    const a = change(B, [root], [{ type: 'comment', body: 'a' }])
    const b = change(C, [root], [{ type: 'comment', body: 'b' }])
    const ev = run(root, [a, b])
    const parents = new Map([root, a, b].map(c => [c.id, c.parents]))
    const heads = headsOf(ev.applied, id => parents.get(id) ?? [])
    expect(heads).toEqual([a.id, b.id].sort())
    expect(nextClock(ev.applied, heads)).toBe(3)
  })
})

// ---- the property: same changes, same state

const WRITERS = [D, B, C]

/** Three writers making random valid and invalid changes, each seeing a random part of the others' work. */
function schedule (rand: () => number, size: number): { root: Change, all: LoadedChange[] } {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]
  const root = open(B, 'Generated', 'body')
  const made: Change[] = [root]
  const all: LoadedChange[] = [ok(root)]
  for (let i = 0; i < size; i++) {
    const author = pick(WRITERS)
    // what this writer has seen: a random handful of the changes so far
    const parents = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(made)))]
    const comments = made.filter(c => c.actions.some(a => (a as { type?: string }).type === 'comment'))
    const target = pick(comments).id
    const roll = rand()
    let actions: unknown[]
    if (roll < 0.25) actions = [{ type: 'comment', body: `c${i}`, ...(rand() < 0.3 ? { replyTo: target } : {}) }]
    else if (roll < 0.35) actions = [{ type: 'label', add: [pick(['bug', 'ui', 'docs'])], remove: rand() < 0.3 ? [pick(['bug', 'ui', 'docs'])] : [] }]
    else if (roll < 0.45) actions = [{ type: 'lifecycle', ...(rand() < 0.5 ? { state: 'open' } : { state: 'closed', reason: pick(['solved', 'duplicate', 'other']) }) }]
    else if (roll < 0.55) actions = [{ type: 'comment.react', id: target, reaction: pick(['+1', 'heart', 'eyes']), active: rand() < 0.7 }]
    else if (roll < 0.62) actions = [{ type: 'comment.edit', id: target, body: `edit${i}` }]
    else if (roll < 0.67) actions = [{ type: 'comment.redact', id: target }]
    else if (roll < 0.72) actions = [{ type: 'edit', title: `title ${i}` }]
    else if (roll < 0.77) actions = [{ type: 'assign', add: [pick(WRITERS)], remove: [] }]
    else if (roll < 0.82) actions = [{ type: 'nonsense' }]
    else if (roll < 0.87) actions = [{ type: 'comment', body: 'x' }, { type: 'label', add: ['mixed'], remove: [] }]
    else actions = [{ type: 'comment', body: `d${i}` }]
    const over: Partial<Change> = {}
    const bend = rand()
    if (bend < 0.04) over.clock = Math.max(...parents.map(p => p.clock))
    else if (bend < 0.07) over.clock = Math.max(...parents.map(p => p.clock)) + 2000
    else if (bend < 0.1) over.parents = []
    const c = change(author, parents, actions, over)
    made.push(c)
    if (rand() < 0.04) all.push({ ok: false, bad: { id: c.id, parents: c.parents, reason: 'its signature does not hold' } })
    else all.push(ok(c))
  }
  return { root, all }
}

function shuffled<T> (rand: () => number, xs: T[]): T[] {
  const out = [...xs]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

const outcome = (ev: Evaluation<IssueState>): unknown => ({ state: ev.state, applied: ev.applied, dropped: ev.dropped.map(d => d.change).sort(), pending: [...ev.pending].sort() })

describe('every peer holding the same changes computes the same state', () => {
  it('over 1,000 generated schedules: any order, duplicates, losses, and incremental evaluation', () => {
    const seed = 0x5eed15
    const rand = mulberry32(seed)
    let applied = 0
    let dropped = 0
    for (let s = 0; s < 1000; s++) {
      const { root, all } = schedule(rand, 5 + Math.floor(rand() * 30))
      const where = `schedule ${s} of seed ${seed}`
      // one peer got everything in order; another in any order, some twice
      const reference = outcome(evaluate(root.id, all, issueReducer, ONE))
      const dupes = [...all, ...all.filter(() => rand() < 0.3)]
      expect(outcome(evaluate(root.id, shuffled(rand, dupes), issueReducer, ONE)), where).toEqual(reference)
      // two peers that lost the same changes agree with each other
      const kept = all.filter(() => rand() < 0.8)
      expect(outcome(evaluate(root.id, shuffled(rand, kept), issueReducer, ONE)), where).toEqual(outcome(evaluate(root.id, shuffled(rand, kept), issueReducer, ONE)))
      // a peer that evaluated part, then the rest arrived
      const order = shuffled(rand, all)
      const cut = Math.floor(rand() * order.length)
      const first = evaluate(root.id, order.slice(0, cut), issueReducer, ONE)
      const carried = extendEvaluation(structuredClone(first), order.slice(cut), issueReducer, ONE) ?? evaluate(root.id, order, issueReducer, ONE)
      expect(outcome(carried), where).toEqual(reference)
      const r = reference as { applied: object, dropped: unknown[] }
      applied += Object.keys(r.applied).length
      dropped += r.dropped.length
    }
    // the generator makes both kinds in earnest
    expect(applied).toBeGreaterThan(3000)
    expect(dropped).toBeGreaterThan(3000)
  })

  it('incremental evaluation takes changes that come after without replaying', () => {
    const root = open(B)
    const a = change(B, [root], [{ type: 'comment', body: 'a' }])
    const first = run(root, [a])
    const b = change(C, [a], [{ type: 'comment', body: 'b' }])
    const carried = extendEvaluation(structuredClone(first), [ok(b)], issueReducer, ONE)
    expect(carried).toBeDefined()
    expect(carried!.state!.comments.map(c => c.body)).toEqual(['B', 'a', 'b'])
    // one that sorts before what was applied needs a replay
    const early = change(D, [root], [{ type: 'comment', body: 'early' }], { clock: 2, id: '0'.repeat(40) })
    expect(extendEvaluation(structuredClone(first), [ok(early)], issueReducer, ONE)).toBeUndefined()
  })
})
