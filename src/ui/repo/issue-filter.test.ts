import { describe, expect, it } from 'vitest'
import { filterIssues, type IssueFilter } from './issue-filter.js'
import type { IssueSummary } from '../../app/types.js'

const issue = (n: number, over: Partial<IssueSummary> = {}): IssueSummary => ({
  id: String(n).padStart(40, '0'), title: `Issue ${n}`, author: 'p', at: n * 1000, lastActivity: n * 1000, status: { status: 'open' }, labels: [], assignees: [], comments: 0, ...over
})
const ALL: IssueSummary[] = [
  issue(1, { title: 'Crash on START', labels: ['bug'], lastActivity: 9000 }),
  issue(2, { title: 'Docs: typo', labels: ['docs'] }),
  issue(3, { title: 'start is slow', labels: ['bug', 'perf'], status: { status: 'closed', reason: 'solved' } }),
  issue(4, { title: 'Feature', status: { status: 'closed', reason: 'duplicate' } })
]
const f = (over: Partial<IssueFilter> = {}): IssueFilter => ({ state: 'open', label: '', q: '', sort: 'newest', ...over })
const titles = (r: ReturnType<typeof filterIssues>): string[] => r.issues.map(i => i.title)

describe('filterIssues', () => {
  it('shows one state, newest first, and counts both', () => {
    const r = filterIssues(ALL, f())
    expect(titles(r)).toEqual(['Docs: typo', 'Crash on START'])
    expect([r.open, r.closed]).toEqual([2, 2])
    expect(titles(filterIssues(ALL, f({ state: 'closed' })))).toEqual(['Feature', 'start is slow'])
  })

  it('sorts by recent activity when asked', () => {
    expect(titles(filterIssues(ALL, f({ sort: 'updated' })))).toEqual(['Crash on START', 'Docs: typo'])
  })

  it('keeps one label, and the counts follow it', () => {
    const r = filterIssues(ALL, f({ label: 'bug' }))
    expect(titles(r)).toEqual(['Crash on START'])
    expect([r.open, r.closed]).toEqual([1, 1])
    expect(filterIssues(ALL, f({ label: 'nothing' })).issues).toEqual([])
  })

  it('searches titles by substring in any case, the counts following', () => {
    const r = filterIssues(ALL, f({ q: '  Start ' }))
    expect(titles(r)).toEqual(['Crash on START'])
    expect([r.open, r.closed]).toEqual([1, 1])
    expect(titles(filterIssues(ALL, f({ q: 'start', label: 'perf', state: 'closed' })))).toEqual(['start is slow'])
  })

  it('orders ties by id, the same on every peer, without touching the input', () => {
    const same = [issue(2, { at: 5 }), issue(1, { at: 5 })]
    expect(filterIssues(same, f()).issues.map(i => i.id)).toEqual([issue(1).id, issue(2).id])
    expect(same[0].id).toBe(issue(2).id)
  })
})
