// One commit: who, when, why (its body as Markdown, sanitized), and a diff
// per file with counts; whitespace changes can be hidden, as `git diff -w`.
import { useMemo, useState } from 'preact/hooks'
import { renderMarkdown } from '../../render/markdown.js'
import { relativeTime } from '../../render/time.js'
import { useAsync } from '../hooks.js'
import { DiffFiles } from './DiffFiles.js'
import { formatCount, plural, shortOid } from './format.js'
import { commitLink, treeLink } from './links.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'

export function CommitView ({ app, record, oid }: { app: GutsApp, record: RepoRecord, oid: string }) {
  const [ignoreWhitespace, setIgnoreWhitespace] = useState(false)
  const data = useAsync(async () => ignoreWhitespace ? app.repos.diffWith(record, oid, { ignoreWhitespace }) : app.repos.diff(record, oid), [record.rid, oid, ignoreWhitespace])
  if (data.error != null) return <section class='card error-text'>Cannot show commit {oid.slice(0, 12)}: {data.error.message}</section>
  if (data.value == null) return <section class='card muted'>Loading…</section>
  const { commit, files, total } = data.value
  const [title, ...body] = commit.message.split('\n')
  const added = files.reduce((n, f) => n + (f.diff?.added ?? 0), 0)
  const removed = files.reduce((n, f) => n + (f.diff?.removed ?? 0), 0)
  return (
    <>
      <section class='card commit-message'>
        <div class='row spread'>
          <h2 data-testid='commit-title'>{title}</h2>
          <a class='button' href={treeLink(record.rid, commit.oid)} data-testid='browse-files'>Browse files</a>
        </div>
        <CommitBody text={body.join('\n').trim()} />
        <div class='muted small'>
          <b>{commit.author.name}</b> &lt;{commit.author.email}&gt; · {relativeTime(commit.author.timestamp * 1000, Date.now())} · <code>{commit.oid}</code>
        </div>
        <div class='muted small'>
          {commit.parents.length === 0 ? 'root commit' : <>parent{commit.parents.length > 1 ? 's' : ''} {commit.parents.map(p => <a key={p} href={commitLink(record.rid, p)}><code>{shortOid(p)}</code> </a>)}</>}
        </div>
        <p data-testid='commit-stats'>{plural(total, 'file')} changed, <span class='ok-text'>+{formatCount(added)}</span> <span class='error-text'>−{formatCount(removed)}</span>{ignoreWhitespace ? <span class='muted small'> (whitespace ignored)</span> : ''}</p>
        {total > files.length && <p class='muted'>Showing the first {formatCount(files.length)} files.</p>}
      </section>
      <DiffFiles rid={record.rid} oid={commit.oid} files={files} app={app} record={record} ignoreWhitespace={ignoreWhitespace} onIgnoreWhitespace={setIgnoreWhitespace} />
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
