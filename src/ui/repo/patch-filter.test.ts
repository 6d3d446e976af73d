import { describe, expect, it } from 'vitest'
import { filterPatches } from './patch-filter.js'
import type { PatchSummary } from '../../app/types.js'

const p = (id: string, status: PatchSummary['status'], at: number, title = `patch ${id}`, labels: string[] = []): PatchSummary =>
  ({ id, title, target: 'main', author: 'me', at, lastActivity: at, status, labels, assignees: [], revisions: 1, head: 'f'.repeat(40), comments: 0, accepts: 0, rejects: 0 })

const all = [p('a', 'open', 1, 'Fix the parser', ['bug']), p('b', 'draft', 3, 'WIP: parser rewrite'), p('c', 'merged', 2, 'Docs', ['docs']), p('d', 'archived', 4, 'Old idea'), p('e', 'open', 5, 'Speed up the PARSER', ['bug'])]

describe('filterPatches', () => {
  it('counts each state, drafts with the open ones, and shows the chosen state newest first', () => {
    const r = filterPatches(all, { state: 'open', label: '', q: '' })
    expect(r).toMatchObject({ open: 3, draft: 1, merged: 1, archived: 1 })
    expect(r.patches.map(x => x.id)).toEqual(['e', 'b', 'a'])
    expect(filterPatches(all, { state: 'merged', label: '', q: '' }).patches.map(x => x.id)).toEqual(['c'])
    expect(filterPatches(all, { state: 'draft', label: '', q: '' }).patches.map(x => x.id)).toEqual(['b'])
    expect(filterPatches(all, { state: 'archived', label: '', q: '' }).patches.map(x => x.id)).toEqual(['d'])
  })

  it('narrows by label and by title in any case, and the counts follow', () => {
    const r = filterPatches(all, { state: 'open', label: 'bug', q: 'parser' })
    expect(r.patches.map(x => x.id)).toEqual(['e', 'a'])
    expect(r).toMatchObject({ open: 2, draft: 0, merged: 0, archived: 0 })
    expect(filterPatches(all, { state: 'open', label: '', q: '  PARSER ' }).open).toBe(3)
  })

  it('orders ties by id', () => {
    const r = filterPatches([p('y', 'open', 1), p('x', 'open', 1)], { state: 'open', label: '', q: '' })
    expect(r.patches.map(x => x.id)).toEqual(['x', 'y'])
  })
})
