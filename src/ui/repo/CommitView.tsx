// One commit: who, when, why (its body as Markdown, sanitized), and a diff
// per file with counts; whitespace changes can be hidden, as `git diff -w`.
// The page shows as soon as the files are listed; each file's diff is
// computed after (near the screen first), and the totals once all are.
import { useMemo, useState } from 'preact/hooks'
import { renderMarkdown } from '../../render/markdown.js'
import { relativeTime } from '../../render/time.js'
import { useAsync } from '../hooks.js'
import { DiffFiles } from './DiffFiles.js'
import { CommitSignature } from './CommitSignature.js'
import { useFileDiffs } from './useFileDiffs.js'
import { formatCount, plural, shortOid } from './format.js'
import { commitLink, treeLink } from './links.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'

export function CommitView ({ app, record, oid }: { app: GutsApp, record: RepoRecord, oid: string }) {
  const [ignoreWhitespace, setIgnoreWhitespace] = useState(false)
  const data = useAsync(async () => await app.repos.diffList(record, oid), [record.rid, oid])
  const list = data.value?.commit.oid === oid ? data.value : undefined
  const deltas = list?.deltas ?? []
  const diffs = useFileDiffs(deltas.length, list === undefined ? undefined : async (i, signal) => await app.repos.fileDiff(record, deltas[i], { ignoreWhitespace, signal }), [list, ignoreWhitespace])
  if (data.error != null) return <section class='card error-text'>Cannot show commit {oid.slice(0, 12)}: {data.error.message}</section>
  if (list == null) return <section class='card muted'>Loading…</section>
  const { commit, total } = list
  const [title, ...body] = commit.message.split('\n')
  const added = diffs.bodies.reduce((n, f) => n + (f?.diff?.added ?? 0), 0)
  const removed = diffs.bodies.reduce((n, f) => n + (f?.diff?.removed ?? 0), 0)
  return (
    <>
      <section class='card commit-message'>
        <div class='row spread'>
          <h2 data-testid='commit-title'>{title}</h2>
          <a class='button' href={treeLink(record.rid, commit.oid)} data-testid='browse-files'>Browse files</a>
        </div>
        <CommitBody text={body.join('\n').trim()} />
        <div class='muted small'>
          <b>{commit.author.name}</b> &lt;{commit.author.email}&gt; · {relativeTime(commit.author.timestamp * 1000, Date.now())} · <code>{commit.oid}</code> · <CommitSignature app={app} record={record} oid={commit.oid} />
        </div>
        <div class='muted small'>
          {commit.parents.length === 0 ? 'root commit' : <>parent{commit.parents.length > 1 ? 's' : ''} {commit.parents.map(p => <a key={p} href={commitLink(record.rid, p)}><code>{shortOid(p)}</code> </a>)}</>}
        </div>
        <p data-testid='commit-stats'>
          {plural(total, 'file')} changed, {diffs.done
            ? <><span class='ok-text'>+{formatCount(added)}</span> <span class='error-text'>−{formatCount(removed)}</span></>
            : <span class='muted' data-testid='counting'>counting…</span>}
          {ignoreWhitespace ? <span class='muted small'> (whitespace ignored)</span> : ''}
        </p>
        {total > deltas.length && <p class='muted'>Showing the first {formatCount(deltas.length)} files.</p>}
      </section>
      <DiffFiles rid={record.rid} oid={commit.oid} deltas={deltas} bodies={diffs.bodies} errors={diffs.errors} want={diffs.want} app={app} record={record} ignoreWhitespace={ignoreWhitespace} onIgnoreWhitespace={setIgnoreWhitespace} />
    </>
  )
}

/** The message after its title, rendered as Markdown within the renderer's bounds; what does not render shows as text. */
function CommitBody ({ text }: { text: string }) {
  const md = useMemo(() => text === '' ? undefined : renderMarkdown(text), [text])
  if (md === undefined) return null
  return (
    <>
      {md.html !== '' && <div class='markdown commit-body-md' data-testid='commit-body' dangerouslySetInnerHTML={{ __html: md.html }} />}
      {md.notice !== undefined && <p class='muted small'>{md.notice}</p>}
      {md.rest !== '' && <pre class='commit-body' data-testid={md.html === '' ? 'commit-body' : 'commit-body-rest'}>{md.rest}</pre>}
    </>
  )
}
