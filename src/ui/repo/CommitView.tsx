// One commit: who, when, why, and a unified diff per file with counts.
import { relativeTime } from '../../render/time.js'
import { useAsync } from '../hooks.js'
import { formatBytes, shortOid } from './format.js'
import { blobLink, commitLink } from './links.js'
import type { FileDiffView, GutsApp, RepoRecord } from '../../app/types.js'

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
      {files.map(f => <FileDiff key={f.delta.path} rid={record.rid} oid={commit.oid} file={f} />)}
    </>
  )
}

function FileDiff ({ rid, oid, file }: { rid: string, oid: string, file: FileDiffView }) {
  const { delta, diff } = file
  const label = delta.status === 'renamed' ? `${delta.oldPath!} → ${delta.path}` : delta.path
  return (
    <section class='card diff' data-testid='file-diff' data-status={delta.status}>
      <div class='row spread diff-head'>
        <span><span class={`tag status-${delta.status}`}>{delta.status}</span> {delta.status === 'deleted' ? label : <a href={blobLink(rid, oid, delta.path)}>{label}</a>}{delta.status === 'renamed' && delta.similarity != null && delta.similarity < 100 && <span class='muted small' data-testid='similarity'> ({delta.similarity}% similar)</span>}</span>
        {diff != null && <span class='small'><span class='ok-text'>+{diff.added}</span> <span class='error-text'>−{diff.removed}</span></span>}
      </div>
      {file.binary && <p class='muted'>Binary file ({formatBytes(file.size)})</p>}
      {!file.binary && file.tooLarge && <p class='muted'>Large diff not shown ({formatBytes(file.size)})</p>}
      {delta.status === 'renamed' && diff == null && !file.binary && <p class='muted'>Renamed without changes</p>}
      {diff != null && diff.hunks.length > 0 && (
        <div class='code-scroll'>
          <table class='code diff-table'>
            <tbody>
              {diff.hunks.map((h, i) => [
                <tr key={`h${i}`} class='hunk'><td colSpan={3}>{h.header}</td></tr>,
                ...h.lines.map((l, j) => (
                  <tr key={`${i}-${j}`} class={`line-${l.kind}`}>
                    <td class='ln'>{l.oldNo ?? ''}</td>
                    <td class='ln'>{l.newNo ?? ''}</td>
                    <td class='src'><code>{l.kind === 'add' ? '+' : l.kind === 'del' ? '-' : ' '}{l.text}</code></td>
                  </tr>
                ))
              ])}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
