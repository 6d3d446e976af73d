// One commit: who, when, why, and a unified diff per file with counts.
import { diffText, isBinary } from '../../core/diff.js'
import { commitDeltas, readBlobOid, readCommit } from '../../repo/read.js'
import { relativeTime } from '../../render/time.js'
import { useAsync } from '../hooks.js'
import { formatBytes, shortOid } from './format.js'
import { blobLink, commitLink } from './links.js'
import type { GutsApp } from '../../app/app.js'
import type { TextDiff } from '../../core/diff.js'
import type { FileDelta } from '../../repo/tree-diff.js'
import type { RepoRecord } from '../../repo/repo-index.js'

const MAX_FILES = 300
const MAX_DIFF_BYTES = 512 * 1024

interface FileView { delta: FileDelta, diff?: TextDiff, binary: boolean, tooLarge: boolean, size: number }

export function CommitView ({ app, record, oid }: { app: GutsApp, record: RepoRecord, oid: string }) {
  const repos = app.repos.repos
  const data = useAsync(async () => {
    if (!/^[0-9a-f]{40}$/.test(oid)) throw new Error('not a commit id')
    const commit = await readCommit(repos, record.rid, oid)
    const deltas = await commitDeltas(repos, record.rid, commit)
    const files: FileView[] = []
    for (const delta of deltas.slice(0, MAX_FILES)) {
      const [a, b] = await Promise.all([
        delta.oldOid != null ? readBlobOid(repos, record.rid, delta.oldOid) : new Uint8Array(),
        delta.newOid != null ? readBlobOid(repos, record.rid, delta.newOid) : new Uint8Array()
      ])
      const binary = isBinary(a) || isBinary(b)
      const tooLarge = a.length + b.length > MAX_DIFF_BYTES
      const diff = binary || tooLarge || delta.oldOid === delta.newOid ? undefined : diffText(new TextDecoder().decode(a), new TextDecoder().decode(b))
      files.push({ delta, diff, binary, tooLarge, size: b.length || a.length })
    }
    return { commit, files, total: deltas.length }
  }, [record.rid, oid])
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
        {total > MAX_FILES && <p class='muted'>Showing the first {MAX_FILES} files.</p>}
      </section>
      {files.map(f => <FileDiff key={f.delta.path} rid={record.rid} oid={commit.oid} file={f} />)}
    </>
  )
}

function FileDiff ({ rid, oid, file }: { rid: string, oid: string, file: FileView }) {
  const { delta, diff } = file
  const label = delta.status === 'renamed' ? `${delta.oldPath!} → ${delta.path}` : delta.path
  return (
    <section class='card diff' data-testid='file-diff' data-status={delta.status}>
      <div class='row spread diff-head'>
        <span><span class={`tag status-${delta.status}`}>{delta.status}</span> {delta.status === 'deleted' ? label : <a href={blobLink(rid, oid, delta.path)}>{label}</a>}</span>
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
