// The issue list as the filters ask for it: pure, so the list view only
// draws. Counts follow the label and search filters (as on GitHub: "3 Open
// 1 Closed" for what matches), the state filter picks which side is shown.
import type { IssueSummary } from '../../app/types.js'

export interface IssueFilter {
  state: 'open' | 'closed'
  /** '' for any */
  label: string
  /** a substring of the title, any case; '' for any */
  q: string
  /** newest opened first, or most recently active first */
  sort: 'newest' | 'updated'
}

export interface FilteredIssues {
  issues: IssueSummary[]
  open: number
  closed: number
}

export function filterIssues (all: readonly IssueSummary[], f: IssueFilter): FilteredIssues {
  const q = f.q.trim().toLocaleLowerCase()
  const matching = all.filter(i => (f.label === '' || i.labels.includes(f.label)) && (q === '' || i.title.toLocaleLowerCase().includes(q)))
  const open = matching.filter(i => i.status.status === 'open')
  const closed = matching.filter(i => i.status.status === 'closed')
  const key = f.sort === 'updated' ? (i: IssueSummary) => i.lastActivity : (i: IssueSummary) => i.at
  // ties (same millisecond, or clocks that agree) by id, so every peer shows one order
  const issues = (f.state === 'open' ? open : closed).slice().sort((a, b) => key(b) - key(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return { issues, open: open.length, closed: closed.length }
}
