import { describe, expect, it } from 'vitest'
import { excerptLines, isSelected, lineRef, locationWords, placeComments, selectionLocation, selectionWords, selectLine } from './patch-lines.js'
import type { InlineComment, TextDiff } from '../../app/types.js'

const diff: TextDiff = {
  added: 2,
  removed: 1,
  hunks: [{
    header: '@@ -1,3 +1,4 @@', oldStart: 1, oldCount: 3, newStart: 1, newCount: 4,
    lines: [
      { kind: 'context', text: 'a', oldNo: 1, newNo: 1 },
      { kind: 'del', text: 'b', oldNo: 2 },
      { kind: 'add', text: 'B', newNo: 2 },
      { kind: 'add', text: 'B2', newNo: 3 },
      { kind: 'context', text: 'c', oldNo: 3, newNo: 4 }
    ]
  }]
}

const comment = (id: string, path: string, loc: { new?: [number, number], old?: [number, number] }, status: InlineComment['status'] = 'current'): InlineComment => ({
  comment: { id, author: 'me', body: id, at: 1, edits: [], reactions: {} },
  madeOn: 'r1', madeOnNumber: 1, status, location: { commit: 'c'.repeat(40), path, ...loc }, replies: []
})

describe('line selection', () => {
  it('names a deleted line on the old side and any other on the new side', () => {
    expect(lineRef('f', diff.hunks[0].lines[1])).toEqual({ path: 'f', side: 'old', line: 2 })
    expect(lineRef('f', diff.hunks[0].lines[0])).toEqual({ path: 'f', side: 'new', line: 1 })
    expect(lineRef('f', diff.hunks[0].lines[3])).toEqual({ path: 'f', side: 'new', line: 3 })
  })

  it('a shift-click extends the range either way within one file and side, else starts again', () => {
    let s = selectLine(undefined, { path: 'f', side: 'new', line: 4 }, false)
    s = selectLine(s, { path: 'f', side: 'new', line: 2 }, true)
    expect(selectionLocation(s, 'h')).toEqual({ commit: 'h', path: 'f', new: [2, 4] })
    expect(selectionWords(s)).toBe('lines 2–4')
    expect(isSelected(s, { path: 'f', side: 'new', line: 3 })).toBe(true)
    expect(isSelected(s, { path: 'f', side: 'old', line: 3 })).toBe(false)
    // another side, another file, or no shift: a new selection
    expect(selectLine(s, { path: 'f', side: 'old', line: 2 }, true)).toEqual({ path: 'f', side: 'old', anchor: 2, head: 2 })
    expect(selectLine(s, { path: 'g', side: 'new', line: 9 }, true)).toEqual({ path: 'g', side: 'new', anchor: 9, head: 9 })
    expect(selectLine(s, { path: 'f', side: 'new', line: 9 }, false)).toEqual({ path: 'f', side: 'new', anchor: 9, head: 9 })
    const old = selectLine(undefined, { path: 'f', side: 'old', line: 2 }, false)
    expect(selectionLocation(old, 'h')).toEqual({ commit: 'h', path: 'f', old: [2, 2] })
    expect(selectionWords(old)).toBe('line 2 (deleted)')
  })

  it('words a location as path:line', () => {
    expect(locationWords({ commit: 'x', path: 'a.ts', new: [3, 3] })).toBe('a.ts:3')
    expect(locationWords({ commit: 'x', path: 'a.ts', new: [3, 5] })).toBe('a.ts:3–5')
    expect(locationWords({ commit: 'x', path: 'a.ts', old: [7, 7] })).toBe('a.ts:−7')
  })
})

describe('placeComments', () => {
  it('puts a thread under the line it ends on, and the rest above the file', () => {
    const under = comment('u', 'f', { new: [2, 3] })
    const del = comment('d', 'f', { old: [2, 2] }, 'kept')
    const outside = comment('o', 'f', { new: [40, 40] }, 'moved')
    const outdated = comment('x', 'f', { new: [1, 1] }, 'outdated')
    const other = comment('g', 'g', { new: [1, 1] })
    const p = placeComments([under, del, outside, outdated, other], 'f', diff)
    expect(p.at.get('new:3')).toEqual([under])
    expect(p.at.get('old:2')).toEqual([del])
    expect(p.elsewhere).toEqual([outside, outdated])
    // no diff yet: nothing has a line to sit under
    expect(placeComments([under], 'f', undefined).elsewhere).toEqual([under])
  })

  it('cuts an excerpt of the lines a location names, on its side', () => {
    expect(excerptLines(diff, { commit: 'x', path: 'f', new: [1, 3] }).map(l => l.text)).toEqual(['a', 'B', 'B2'])
    expect(excerptLines(diff, { commit: 'x', path: 'f', old: [2, 2] }).map(l => l.text)).toEqual(['b'])
    expect(excerptLines(diff, { commit: 'x', path: 'f', new: [1, 4] }, 2).map(l => l.text)).toEqual(['B2', 'c'])
  })
})
