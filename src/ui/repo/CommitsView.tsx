// The commit log from a branch or tag, newest first, a page at a time; with
// a path, the history of that file or folder (as `git log -- <path>`).
import { relativeTime } from '../../render/time.js'
import { useAsync } from '../hooks.js'
import { Breadcrumbs } from './Breadcrumbs.js'
import { shortOid, subject } from './format.js'
import { commitLink, historyLink } from './links.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'
import './CommitsView.css'

export const PAGE_SIZE = 30

/** page `page` of the history of `path` ('' for the whole log) */
const pageLink = (rid: string, rev: string, path: string, page: number): string => historyLink(rid, rev, path) + (page > 1 ? `?page=${page}` : '')

export function CommitsView ({ app, record, rev, path, page }: { app: GutsApp, record: RepoRecord, rev: string, path: string, page: number }) {
  const data = useAsync(async () => app.repos.history(record, rev, path, { skip: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }), [record.rid, app.repos.versionOf(record), rev, path, page])
  if (data.error != null) return <section class='card error-text'>Cannot read the history: {data.error.message}</section>
  if (data.value == null) return <section class='card muted'>{data.loading ? 'Loading…' : `No branch or tag named ${rev}.`}</section>
  const { commits, total, more } = data.value
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))
  const now = Date.now()
  return (
    <section class='card history'>
      {path === ''
        ? <h2>Commits on {rev}</h2>
        : (
          <>
            <h2 data-testid='history-title'>History for <span class='history-path'>{path}</span></h2>
            <Breadcrumbs rid={record.rid} rev={rev} path={path} name={record.name} />
          </>
          )}
      {commits.length === 0
        ? (
          <p class='muted' data-testid='no-commits'>
            {total === 0
              ? <>No commits on {rev} touched <code>{path}</code>.</>
              : <>There are no commits on page {page}: this history has {total} commit{total === 1 ? '' : 's'} on {pages} page{pages === 1 ? '' : 's'}. <a href={pageLink(record.rid, rev, path, 1)} data-testid='first-page'>First page</a> · <a href={pageLink(record.rid, rev, path, pages)} data-testid='last-page'>Last page ({pages})</a></>}
          </p>
          )
        : (
          <ul class='list commits' data-testid='commit-list'>
            {commits.map(c => (
              <li key={c.oid}>
                <a href={commitLink(record.rid, c.oid)} class='commit-subject'>{subject(c.message)}</a>
                <div class='muted small'>
                  <b>{c.author.name}</b> committed {relativeTime(c.author.timestamp * 1000, now)} · <code>{shortOid(c.oid)}</code>
                  {c.parents.length > 1 && <span class='tag'>merge</span>}
                </div>
              </li>
            ))}
          </ul>
          )}
      <div class='row pager'>
        {page > 1 && commits.length > 0 && <a class='button' href={pageLink(record.rid, rev, path, page - 1)}>Newer</a>}
        {more && <a class='button' href={pageLink(record.rid, rev, path, page + 1)} data-testid='older'>Older</a>}
        {total > PAGE_SIZE && commits.length > 0 && <span class='muted small'>page {page} of {pages} · {total} commits</span>}
      </div>
    </section>
  )
}
