// Forking: this tab becomes a writer of the repository, with its own signed
// namespace at the canonical refs (nothing copied); then it shows that namespace.
import { useState } from 'preact/hooks'
import { inNamespace, treeLink } from './links.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'

export function ForkButton ({ app, record, label = 'Fork' }: { app: GutsApp, record: RepoRecord, label?: string }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const fork = async (): Promise<void> => {
    setBusy(true)
    setError(undefined)
    try {
      const next = await app.repos.fork(record)
      const me = app.repos.writers(next).find(w => w.me)
      if (me != null) location.hash = inNamespace(me.peer, treeLink(record.rid, record.defaultBranch))
    } catch (err: any) {
      setError(`Fork failed: ${err.message as string}`)
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <button type='button' onClick={() => { void fork() }} disabled={busy} data-testid='fork' title='Your own signed copy of the branches and tags, to commit to'>{busy ? 'Forking…' : label}</button>
      {error != null && <span class='error-text' role='alert'>{error}</span>}
    </>
  )
}
