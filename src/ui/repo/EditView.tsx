// Editing a file (or adding one) and committing it to a branch. Changing the
// path renames the file in the same commit.
import { useState } from 'preact/hooks'
import { useAsync } from '../hooks.js'
import { blobLink, treeLink } from './links.js'
import type { FileChange, GutsApp, RepoRecord } from '../../app/types.js'

export function EditView ({ app, record, rev, path, mode }: { app: GutsApp, record: RepoRecord, rev: string, path: string, mode: 'edit' | 'new' }) {
  const isBranch = app.repos.refsOf(record)[`refs/heads/${rev}`] != null
  const loaded = useAsync(async () => {
    if (mode === 'new') return ''
    const file = await app.repos.blob(record, rev, path)
    if (file == null) throw new Error(`no file ${path} at ${rev}`)
    return new TextDecoder().decode(file.bytes)
  }, [record.rid, rev, path, mode])
  // the head we started from: if the branch moves meanwhile, the commit is refused
  const [startHead] = useState(app.repos.refsOf(record)[`refs/heads/${rev}`])
  const [newPath, setNewPath] = useState(mode === 'new' ? (path === '' ? '' : `${path}/`) : path)
  const [content, setContent] = useState<string | undefined>()
  const [message, setMessage] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()

  if (!isBranch) return <section class='card'>You can only commit to a branch; <code>{rev}</code> is not one.</section>
  if (loaded.error != null) return <section class='card error-text'>{loaded.error.message}</section>
  if (loaded.value == null) return <section class='card muted'>Loading…</section>
  const text = content ?? loaded.value
  const target = newPath.trim()

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      const changes: FileChange[] = []
      if (mode === 'edit' && target !== path) changes.push({ op: 'rename', from: path, to: target })
      if (mode === 'new' || content !== undefined) changes.push({ op: 'write', path: target, content: new TextEncoder().encode(text) })
      const fallback = mode === 'new' ? `Add ${target}` : target !== path ? `Rename ${path} to ${target}` : `Update ${target}`
      await app.repos.commit(record.rid, { branch: rev, message: message.trim() || fallback, changes, expectedHead: startHead })
      location.hash = blobLink(record.rid, rev, target)
    } catch (err: any) {
      setError(err.message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <section class='card'>
      <h2>{mode === 'new' ? 'Add a file' : 'Edit file'} on <code>{rev}</code></h2>
      <form class='stack' onSubmit={(e) => { void submit(e) }}>
        <label>Path <input data-testid='edit-path' value={newPath} required onInput={(e) => setNewPath((e.target as HTMLInputElement).value)} spellcheck={false} /></label>
        <textarea data-testid='edit-content' class='editor' value={text} rows={20} spellcheck={false} onInput={(e) => setContent((e.target as HTMLTextAreaElement).value)} />
        <label>Commit message <input data-testid='commit-message' value={message} placeholder={mode === 'new' ? 'Add a file' : 'Describe the change'} onInput={(e) => setMessage((e.target as HTMLInputElement).value)} /></label>
        <div class='row'>
          <button class='primary' type='submit' disabled={busy || target === ''} data-testid='commit-button'>{busy ? 'Committing…' : `Commit to ${rev}`}</button>
          <a class='button' href={mode === 'new' ? treeLink(record.rid, rev, path) : blobLink(record.rid, rev, path)}>Cancel</a>
        </div>
        {error != null && <p class='error-text' role='alert' data-testid='edit-error'>{error}</p>}
      </form>
    </section>
  )
}
