import { useState } from 'preact/hooks'
import { repoHome } from './links.js'
import type { GutsApp } from '../../app/types.js'

export function NewRepoPage ({ app }: { app: GutsApp }) {
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [branch, setBranch] = useState('main')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      const record = await app.repos.create({ name, description, defaultBranch: branch })
      location.hash = repoHome(record.rid)
    } catch (err: any) {
      setError(err.message)
    } finally {
      setBusy(false)
    }
  }
  const author = app.repos.author()
  return (
    <section class='card'>
      <h1>New repository</h1>
      <form class='stack' onSubmit={(e) => { void submit(e) }}>
        <label>Name <input data-testid='repo-name' value={name} required maxLength={100} onInput={(e) => setName((e.target as HTMLInputElement).value)} /></label>
        <label>Description <input data-testid='repo-description' value={description} maxLength={1000} onInput={(e) => setDescription((e.target as HTMLInputElement).value)} /></label>
        <label>Default branch <input value={branch} required onInput={(e) => setBranch((e.target as HTMLInputElement).value)} /></label>
        <p class='muted small'>
          The first commit adds a README. You sign the repository's refs with this tab's key.
          Commits are by <b>{author.name.trim() || 'Anonymous'}</b> (<a href='#/settings'>change</a>).
        </p>
        <div><button class='primary' type='submit' disabled={busy} data-testid='create-repo'>{busy ? 'Creating…' : 'Create repository'}</button></div>
        {error != null && <p class='error-text' role='alert'>{error}</p>}
      </form>
    </section>
  )
}
