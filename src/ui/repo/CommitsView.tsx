// The commit log from a branch or tag, newest first, a page at a time.
import { relativeTime } from '../../render/time.js'
import { useAsync } from '../hooks.js'
import { shortOid, subject } from './format.js'
import { commitLink, commitsLink } from './links.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'

export const PAGE_SIZE = 30

export function CommitsView ({ app, record, rev, path: _path, page }: { app: GutsApp, record: RepoRecord, rev: string, path: string, page: number }) {
  const data = useAsync(async () => app.repos.log(record, rev, { skip: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }), [record.rid, record.signedRefs.seq, rev, page])
  if (data.error != null) return <section class='card error-text'>Cannot read the history: {data.error.message}</section>
  if (data.value == null) return <section class='card muted'>{data.loading ? 'Loading…' : `No branch or tag named ${rev}.`}</section>
  const now = Date.now()
  return (
    <section class='card'>
      <h2>Commits on {rev}</h2>
      <ul class='list commits' data-testid='commit-list'>
        {data.value.commits.map(c => (
          <li key={c.oid}>
            <a href={commitLink(record.rid, c.oid)} class='commit-subject'>{subject(c.message)}</a>
            <div class='muted small'>
              <b>{c.author.name}</b> committed {relativeTime(c.author.timestamp * 1000, now)} · <code>{shortOid(c.oid)}</code>
              {c.parents.length > 1 && <span class='tag'>merge</span>}
            </div>
          </li>
        ))}
      </ul>
      <div class='row pager'>
        {page > 1 && <a class='button' href={commitsLink(record.rid, rev, page - 1)}>Newer</a>}
        {data.value.more && <a class='button' href={commitsLink(record.rid, rev, page + 1)} data-testid='older'>Older</a>}
      </div>
    </section>
  )
}
