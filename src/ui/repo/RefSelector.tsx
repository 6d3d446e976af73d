// Branch and tag selector, with "new branch from here" for delegates.
import { useState } from 'preact/hooks'
import { blobLink, commitsLink, treeLink } from './links.js'
import type { RepoRoute } from './links.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'

export function RefSelector ({ app, record, rev, view, path, delegate }: { app: GutsApp, record: RepoRecord, rev: string, view: RepoRoute['view'], path: string, delegate: boolean }) {
  const [creating, setCreating] = useState(false)
  const [name, setName] = useState('')
  const [error, setError] = useState<string | undefined>()
  const names = Object.keys(record.signedRefs.refs)
  const branches = names.filter(n => n.startsWith('refs/heads/')).map(n => n.slice(11)).sort()
  const tags = names.filter(n => n.startsWith('refs/tags/')).map(n => n.slice(10)).sort()
  const go = (to: string): void => {
    location.hash = view === 'commits' ? commitsLink(record.rid, to) : view === 'blob' ? blobLink(record.rid, to, path) : treeLink(record.rid, to, view === 'tree' ? path : '')
  }
  const create = async (e: Event): Promise<void> => {
    e.preventDefault()
    setError(undefined)
    try {
      await app.repos.createBranch(record, name, rev)
      setCreating(false)
      go(name.trim())
      setName('')
    } catch (err: any) {
      setError(err.message)
    }
  }
  return (
    <span class='ref-selector'>
      <select aria-label='Branch or tag' data-testid='ref-select' value={rev} onChange={(e) => go((e.target as HTMLSelectElement).value)}>
        {!branches.includes(rev) && !tags.includes(rev) && <option value={rev}>{rev.slice(0, 12)}</option>}
        <optgroup label='Branches'>{branches.map(b => <option key={b} value={b}>{b}</option>)}</optgroup>
        {tags.length > 0 && <optgroup label='Tags'>{tags.map(t => <option key={'t' + t} value={t}>{t}</option>)}</optgroup>}
      </select>
      {delegate && !creating && <button type='button' class='link' onClick={() => setCreating(true)} data-testid='new-branch'>New branch</button>}
      {creating && (
        <form class='inline' onSubmit={(e) => { void create(e) }}>
          <input data-testid='new-branch-name' value={name} placeholder={`branch from ${rev}`} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
          <button type='submit'>Create</button>
          <button type='button' class='link' onClick={() => setCreating(false)}>Cancel</button>
          {error != null && <span class='error-text'>{error}</span>}
        </form>
      )}
    </span>
  )
}
