// `issues/…` routes: the list, the form, or one issue (links.ts parseIssuesRoute).
import { IssueNewView } from './IssueNewView.js'
import { IssuesView } from './IssuesView.js'
import { IssueView } from './IssueView.js'
import { issuesLink, parseIssuesRoute } from './links.js'
import { NotThere } from './NotThere.js'
import type { IssueFilter } from './issue-filter.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'

export function IssuesPage ({ app, record, rest, query }: { app: GutsApp, record: RepoRecord, rest: string[], query: URLSearchParams }) {
  const r = parseIssuesRoute(rest, query)
  switch (r.kind) {
    case 'list': return <IssuesView key={record.rid} app={app} record={record} initial={r.filter as IssueFilter} />
    case 'new': return <IssueNewView app={app} record={record} />
    case 'issue': return <IssueView key={r.id} app={app} record={record} id={r.id} />
    case 'bad': return <NotThere title={`“${r.text}” is not an issue id`} ways={[{ href: issuesLink(record.rid), label: 'All issues' }]}><p class='muted'>An issue is named by 40 hex characters (its first change’s commit id).</p></NotThere>
  }
}
