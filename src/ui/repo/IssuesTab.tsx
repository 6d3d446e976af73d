// The Issues tab of a repository's navigation, with how many are open.
// It links to the repository's issues from inside a writer's namespace too:
// issues belong to the repository, not to one writer.
import { latestIssues, useLoad, useReposVersion } from './issue-action.js'
import { issuesLink } from './links.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'
import './IssueView.css'

export function IssuesTab ({ app, record, active }: { app: GutsApp, record: RepoRecord, active: boolean }) {
  const version = useReposVersion(app)
  const list = useLoad(async () => await latestIssues(app, record, version), [record.rid, version])
  const open = list.value?.issues.filter(i => i.status.status === 'open').length
  return (
    <a href={issuesLink(record.rid)} class={active ? 'active' : undefined} data-testid='issues-tab'>
      Issues{open != null && open > 0 && <span class='tab-count' data-testid='issues-tab-count'>{open}</span>}
    </a>
  )
}
