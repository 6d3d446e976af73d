// One commit: who, when, why, and a unified diff per file with counts.
import { relativeTime } from '../../render/time.js'
import { useAsync } from '../hooks.js'
import { DiffFiles } from './DiffFiles.js'
import { shortOid } from './format.js'
import { commitLink } from './links.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'

export function CommitView ({ app, record, oid }: { app: GutsApp, record: RepoRecord, oid: string }) {
  const data = useAsync(async () => app.repos.diff(record, oid), [record.rid, oid])
  if (data.error != null) return <section class='card error-text'>Cannot show commit {oid.slice(0, 12)}: {data.error.message}</section>
  if (data.value == null) return <section class='card muted'>Loading…</section>
  const { commit, files, total } = data.value
  const [title, ...body] = commit.message.split('\n')
  const added = files.reduce((n, f) => n + (f.diff?.added ?? 0), 0)
  const removed = files.reduce((n, f) => n + (f.diff?.removed ?? 0), 0)
  return (
    <>
      <section class='card'>
        <h2 data-testid='commit-title'>{title}</h2>
        {body.join('\n').trim() !== '' && <pre class='commit-body'>{body.join('\n').trim()}</pre>}
        <div class='muted small'>
          <b>{commit.author.name}</b> &lt;{commit.author.email}&gt; · {relativeTime(commit.author.timestamp * 1000, Date.now())} · <code>{commit.oid}</code>
        </div>
        <div class='muted small'>
          {commit.parents.length === 0 ? 'root commit' : <>parent{commit.parents.length > 1 ? 's' : ''} {commit.parents.map(p => <a key={p} href={commitLink(record.rid, p)}><code>{shortOid(p)}</code> </a>)}</>}
        </div>
        <p data-testid='commit-stats'>{total} file{total === 1 ? '' : 's'} changed, <span class='ok-text'>+{added}</span> <span class='error-text'>−{removed}</span></p>
        {total > files.length && <p class='muted'>Showing the first {files.length} files.</p>}
      </section>
      <DiffFiles rid={record.rid} oid={commit.oid} files={files} />
    </>
  )
}
