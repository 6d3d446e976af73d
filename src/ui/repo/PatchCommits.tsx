// The shown revision's commits, oldest first (as `git log --reverse
// base..head`), each a link to its commit page.
import { relativeTime } from '../../render/time.js'
import { latestRecord, useLoad, useReposVersion } from './issue-action.js'
import { shortOid, subject } from './format.js'
import { commitLink } from './links.js'
import type { PatchPageProps } from './PatchView.js'

export function PatchCommits ({ app, record, patch, index, now }: PatchPageProps) {
  const version = useReposVersion(app)
  const rev = patch.revisions[index]
  const got = useLoad(async signal => await app.repos.patches.commits(await latestRecord(app, record, version), patch.id, rev.id, { signal }), [record.rid, patch.id, rev.id, version])
  const list = got.value
  return (
    <section class='card' data-testid='patch-commits'>
      <h2 class='small'>Revision {index + 1}: {list != null ? `${list.total} ${list.total === 1 ? 'commit' : 'commits'}` : 'commits'} on <code>{shortOid(rev.base)}</code></h2>
      {got.error != null && <p class='error-text' role='alert'>Cannot list the commits: {got.error.message}</p>}
      {list == null && got.error == null && <p class='muted'>Listing the commits…</p>}
      {list != null && list.commits.length === 0 && <p class='muted'>No commits: the revision’s head is its base.</p>}
      {list != null && (
        <ul class='list commits'>
          {list.commits.map(c => (
            <li key={c.oid} data-testid='patch-commit'>
              <a href={commitLink(record.rid, c.oid)} class='commit-subject'>{subject(c.message)}</a>
              <div class='muted small'><b>{c.author.name}</b> committed {relativeTime(c.author.timestamp * 1000, now)} · <a href={commitLink(record.rid, c.oid)}><code>{shortOid(c.oid)}</code></a>{c.parents.length > 1 && <span class='tag'>merge</span>}</div>
            </li>
          ))}
        </ul>
      )}
      {list != null && !list.complete && <p class='muted small'>Showing the first {list.commits.length} of {list.total} commits.</p>}
    </section>
  )
}
