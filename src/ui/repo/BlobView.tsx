// One file: highlighted with line numbers, or its size and a download link
// when it is binary or too large to render.
import { useState } from 'preact/hooks'
import { highlightLines } from '../../render/highlight.js'
import { useAsync } from '../hooks.js'
import { Breadcrumbs } from './Breadcrumbs.js'
import { downloadBytes, formatBytes } from './format.js'
import { editLink, treeLink } from './links.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'

/** Past this, a file is offered for download instead of rendered. */
export const MAX_RENDERED_BYTES = 512 * 1024

export function BlobView ({ app, record, rev, path, delegate }: { app: GutsApp, record: RepoRecord, rev: string, path: string, delegate: boolean }) {
  const data = useAsync(async () => {
    const file = await app.repos.blob(record, rev, path)
    if (file == null) return file
    const { commit, binary } = file
    const large = file.bytes.length > MAX_RENDERED_BYTES
    const lines = binary || large ? undefined : await highlightLines(new TextDecoder().decode(file.bytes), path)
    return { commit, file, binary, large, lines }
  }, [record.rid, record.signedRefs.seq, rev, path])
  const name = path.split('/').pop() ?? path
  const onBranch = record.signedRefs.refs[`refs/heads/${rev}`] != null

  if (data.error != null) return <section class='card error-text'>Cannot show {path}: {data.error.message}</section>
  if (data.value === null) return <section class='card'>No file <code>{path}</code> at {rev}. <a href={treeLink(record.rid, rev)}>Browse {rev}</a></section>
  if (data.value == null) return <section class='card muted'>{data.loading ? 'Loading…' : `No branch or tag named ${rev}.`}</section>
  const { file, binary, large, lines } = data.value
  return (
    <section class='card'>
      <div class='row spread'>
        <Breadcrumbs rid={record.rid} rev={rev} path={path} name={record.name} />
        <div class='row'>
          <button type='button' onClick={() => downloadBytes(file.bytes, name)} data-testid='download'>Download</button>
          {delegate && onBranch && !binary && !large && <a class='button' href={editLink(record.rid, rev, path)} data-testid='edit-file'>Edit</a>}
          {delegate && onBranch && <DeleteFile app={app} record={record} rev={rev} path={path} />}
        </div>
      </div>
      <div class='muted small'>{formatBytes(file.bytes.length)}{lines != null && ` · ${lines.length} lines`}</div>
      {lines == null
        ? (
          <p class='binary-note' data-testid='not-rendered'>
            {binary ? 'Binary file' : 'Large file'} ({formatBytes(file.bytes.length)}), not shown. <button type='button' class='link' onClick={() => downloadBytes(file.bytes, name)}>Download it</button>
          </p>
          )
        : (
          <div class='code-scroll'>
            <table class='code' data-testid='file-content'>
              <tbody>
                {lines.map((html, i) => (
                  <tr key={i} id={`L${i + 1}`}>
                    <td class='ln'>{i + 1}</td>
                    <td class='src'><code dangerouslySetInnerHTML={{ __html: html === '' ? ' ' : html }} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          )}
    </section>
  )
}

function DeleteFile ({ app, record, rev, path }: { app: GutsApp, record: RepoRecord, rev: string, path: string }) {
  const [open, setOpen] = useState(false)
  const [message, setMessage] = useState(`Delete ${path}`)
  const [error, setError] = useState<string | undefined>()
  const branch = record.signedRefs.refs[`refs/heads/${rev}`] != null ? rev : undefined
  if (branch == null) return null
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault()
    try {
      await app.repos.commit(record.rid, { branch, message, changes: [{ op: 'delete', path }], expectedHead: record.signedRefs.refs[`refs/heads/${branch}`] })
      location.hash = treeLink(record.rid, branch, path.split('/').slice(0, -1).join('/'))
    } catch (err: any) {
      setError(err.message)
    }
  }
  if (!open) return <button type='button' onClick={() => setOpen(true)} data-testid='delete-file'>Delete</button>
  return (
    <form class='inline' onSubmit={(e) => { void submit(e) }}>
      <input value={message} onInput={(e) => setMessage((e.target as HTMLInputElement).value)} aria-label='Commit message' />
      <button type='submit' class='danger' data-testid='confirm-delete'>Commit deletion</button>
      <button type='button' class='link' onClick={() => setOpen(false)}>Cancel</button>
      {error != null && <span class='error-text'>{error}</span>}
    </form>
  )
}
