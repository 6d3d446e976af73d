// Where an issue link points: another issue this tab holds (its title), or
// else a commit (the commit view says if it is not there either).
import { commitLink, issueLink } from './links.js'
import { shortId } from './issue-words.js'
import type { IssueSummary, RepoRecord } from '../../app/types.js'

export function IssueLinkTarget ({ record, to, known }: { record: RepoRecord, to: string, known: ReadonlyMap<string, IssueSummary> }) {
  const issue = known.get(to)
  if (issue != null) return <a href={issueLink(record.rid, to)} data-testid='link-issue'>{issue.title} <span class='muted'>#{shortId(to)}</span></a>
  return <a href={commitLink(record.rid, to)} data-testid='link-commit'>commit <code>{shortId(to)}</code></a>
}
