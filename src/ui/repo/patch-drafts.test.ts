import { describe, expect, it } from 'vitest'
import { addDraftComment, draftsElsewhere, editDraftComment, EMPTY_DRAFT, MAX_DRAFT_COMMENTS, readDraft, removeDraftComment, reviewDraftKey, reviewProblem, writeDraft } from './patch-drafts.js'
import type { DraftStore } from './patch-drafts.js'

const memory = (): DraftStore & { map: Map<string, string> } => {
  const map = new Map<string, string>()
  return { map, getItem: k => map.get(k) ?? null, setItem: (k, v) => { map.set(k, v) }, removeItem: k => { map.delete(k) } }
}
const loc = { commit: 'c'.repeat(40), path: 'a.ts', new: [2, 3] as [number, number] }

describe('review drafts', () => {
  it('survive a write and a read, one per repository, patch and revision', () => {
    const store = memory()
    const k1 = reviewDraftKey('rid', 'p', 'r1')
    const k2 = reviewDraftKey('rid', 'p', 'r2')
    const d = addDraftComment({ ...EMPTY_DRAFT, summary: 'ok' }, 'nit', loc, 5, 'x')!
    writeDraft(store, k1, d)
    expect(readDraft(store, k1)).toEqual({ summary: 'ok', comments: [{ id: 'x', body: 'nit', location: loc, at: 5 }] })
    expect(readDraft(store, k2)).toEqual(EMPTY_DRAFT)
    expect(k1).not.toBe(reviewDraftKey('rid2', 'p', 'r1'))
  })

  it('edit and remove comments; an empty draft leaves nothing stored', () => {
    const store = memory()
    const k = reviewDraftKey('rid', 'p', 'r1')
    let d = addDraftComment(EMPTY_DRAFT, 'one', loc, 1, 'a')!
    d = addDraftComment(d, 'two', { ...loc, new: undefined, old: [4, 4] }, 2, 'b')!
    d = editDraftComment(d, 'a', 'one!')
    writeDraft(store, k, d)
    expect(readDraft(store, k).comments.map(c => c.body)).toEqual(['one!', 'two'])
    writeDraft(store, k, removeDraftComment(removeDraftComment(d, 'a'), 'b'))
    expect(store.map.size).toBe(0)
  })

  it('drop what is not a draft on reading, and cap how many', () => {
    const store = memory()
    const k = reviewDraftKey('rid', 'p', 'r1')
    store.setItem(k, 'not json')
    expect(readDraft(store, k)).toEqual(EMPTY_DRAFT)
    store.setItem(k, JSON.stringify({ summary: 3, comments: [{ id: 'a', body: 'b', at: 1, location: { commit: 'c', path: 'p', new: [3, 1] } }, { id: 'ok', body: 'b', at: 1, location: loc }, null] }))
    expect(readDraft(store, k)).toEqual({ summary: '', comments: [{ id: 'ok', body: 'b', at: 1, location: loc }] })
    let d = EMPTY_DRAFT
    for (let i = 0; i < MAX_DRAFT_COMMENTS; i++) d = addDraftComment(d, 'x', loc, i)!
    expect(addDraftComment(d, 'one too many', loc, 0)).toBeUndefined()
    expect(readDraft(undefined, k)).toEqual(EMPTY_DRAFT)
  })

  it('refuse to publish a review that says nothing', () => {
    expect(reviewProblem(undefined, '  ', 0)).toMatch(/summary.*line comment.*Accept or Reject/)
    expect(reviewProblem('reject', '', 0)).toBeUndefined()
    expect(reviewProblem(undefined, 'looks fine', 0)).toBeUndefined()
    expect(reviewProblem(undefined, '', 1)).toBeUndefined()
  })

  it('tells which other revisions hold draft comments', () => {
    const m = new Map<string, string>()
    const store = { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => { m.set(k, v) }, removeItem: (k: string) => { m.delete(k) } }
    const loc = { commit: 'c'.repeat(40), path: 'a', new: [1, 1] as [number, number] }
    writeDraft(store, reviewDraftKey('r', 'p', 'rev1'), addDraftComment(addDraftComment(EMPTY_DRAFT, 'x', loc, 1)!, 'y', loc, 2)!)
    writeDraft(store, reviewDraftKey('r', 'p', 'rev2'), addDraftComment(EMPTY_DRAFT, 'z', loc, 3)!)
    expect(draftsElsewhere(store, 'r', 'p', ['rev1', 'rev2', 'rev3'], 'rev2')).toEqual([{ number: 1, comments: 2 }])
    expect(draftsElsewhere(store, 'r', 'p', ['rev1', 'rev2', 'rev3'], 'rev3')).toEqual([{ number: 1, comments: 2 }, { number: 2, comments: 1 }])
  })
})
