// Opening an issue: a title, a Markdown description, and (for a delegate,
// who alone may label) labels. Nothing typed is lost when opening fails.
import { useState } from 'preact/hooks'
import { latestIssues, useAction, useLoad, useReposVersion } from './issue-action.js'
import { IssueEditor } from './IssueEditor.js'
import { IssueLabel } from './IssueLabel.js'
import { cleanLabel } from './issue-words.js'
import { issueLink, issuesLink } from './links.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'
import './IssueView.css'

export function IssueNewView ({ app, record }: { app: GutsApp, record: RepoRecord }) {
  const [title, setTitle] = useState('')
  const [body, setBody] = useState('')
  const [labels, setLabels] = useState<string[]>([])
  const [labelText, setLabelText] = useState('')
  const act = useAction()
  const version = useReposVersion(app)
  // labels are a delegate's to set (COLLABORATION.md): others are not offered what would be refused
  const delegate = app.repos.isDelegate(record)
  const known = useLoad(async () => delegate ? (await latestIssues(app, record, version)).labels : [], [record.rid, version, delegate])
  const addLabel = (): void => {
    const l = cleanLabel(labelText)
    if (l !== '' && !labels.includes(l)) setLabels([...labels, l])
    setLabelText('')
  }
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault()
    if (title.trim() === '') return
    let id = ''
    const pendingLabel = cleanLabel(labelText)
    const all = pendingLabel !== '' && !labels.includes(pendingLabel) ? [...labels, pendingLabel] : labels
    const ok = await act.run(async () => { id = await app.repos.issues.open(record, { title: title.trim(), body, ...(all.length > 0 ? { labels: all } : {}) }) })
    if (ok) location.hash = issueLink(record.rid, id)
  }
  return (
    <section class='card issue-new' data-testid='issue-new'>
      <h2>New issue</h2>
      <form class='stack' onSubmit={e => { void submit(e) }}>
        <input value={title} onInput={e => setTitle((e.target as HTMLInputElement).value)} placeholder='Title' aria-label='Title' maxLength={256} autofocus data-testid='new-issue-title' />
        <IssueEditor record={record} value={body} onInput={setBody} label='Description' placeholder='What happened, what you expected, how to see it. Markdown works.' rows={10} testid='new-issue-body' />
        {delegate && (
          <div class='issue-new-labels'>
            {labels.map(l => <IssueLabel key={l} rid={record.rid} name={l} onRemove={() => setLabels(labels.filter(x => x !== l))} />)}
            <input value={labelText} list='issue-new-known-labels' onInput={e => setLabelText((e.target as HTMLInputElement).value)} onKeyDown={e => { if (e.key === 'Enter') { e.preventDefault(); addLabel() } }} placeholder='Add a label (Enter)' aria-label='Add a label' maxLength={50} data-testid='new-issue-label' />
            <datalist id='issue-new-known-labels'>{(known.value ?? []).map(l => <option key={l} value={l} />)}</datalist>
          </div>
        )}
        <div class='row issue-buttons'>
          <button type='submit' class='primary' disabled={act.busy || title.trim() === ''} data-testid='submit-issue'>{act.busy ? 'Opening…' : 'Open issue'}</button>
          <a href={issuesLink(record.rid)}>Cancel</a>
          {act.error != null && <span class='error-text small' role='alert' data-testid='new-issue-error'>{act.error}</span>}
        </div>
      </form>
    </section>
  )
}
