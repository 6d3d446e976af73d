// Beside the thread (below it on a phone): labels and assignees, which a
// delegate edits, and the links to other issues and commits.
import { useState } from 'preact/hooks'
import { useAction } from './issue-action.js'
import { IssueLinkTarget } from './IssueLinkTarget.js'
import { AssigneesBox, LabelsBox } from './SideBoxes.js'
import { LINK_RELS } from '../../app/types.js'
import type { GutsApp, IssueSummary, IssueView, LinkRel, RepoRecord } from '../../app/types.js'

export interface IssueSidebarProps {
  app: GutsApp
  record: RepoRecord
  issue: IssueView
  /** every label in use in the repository, to pick from */
  labels: string[]
  known: ReadonlyMap<string, IssueSummary>
}

export function IssueSidebar ({ app, record, issue, labels, known }: IssueSidebarProps) {
  return (
    <aside class='issue-sidebar' data-testid='issue-sidebar'>
      <LabelsBox rid={record.rid} labels={issue.labels} known={labels} moderator={issue.moderator} change={async (c) => app.repos.issues.label(record, issue.id, c)} ids={{ box: 'issue-labels', input: 'label-input', add: 'add-label' }} />
      <AssigneesBox assignees={issue.assignees} me={issue.me} moderator={issue.moderator} change={async (c) => app.repos.issues.assign(record, issue.id, c)} ids={{ box: 'issue-assignees', input: 'assignee-input' }} />
      <LinksBox app={app} record={record} issue={issue} known={known} />
    </aside>
  )
}

const REL_WORDS: Record<LinkRel, string> = { closes: 'Closes', duplicates: 'Duplicates', relates: 'Relates to' }

function LinksBox ({ app, record, issue, known }: { app: GutsApp, record: RepoRecord, issue: IssueView, known: ReadonlyMap<string, IssueSummary> }) {
  const [to, setTo] = useState('')
  const [rel, setRel] = useState<LinkRel>('relates')
  const [problem, setProblem] = useState<string | undefined>()
  const act = useAction()
  const add = async (e: Event): Promise<void> => {
    e.preventDefault()
    const id = to.trim().toLowerCase()
    const wrong = /^[0-9a-f]{40}$/.test(id) ? (id === issue.id ? 'An issue cannot link to itself' : undefined) : 'Paste a full issue or commit id (40 hex characters)'
    setProblem(wrong)
    if (wrong != null) return
    if (await act.run(async () => app.repos.issues.link(record, issue.id, id, rel))) setTo('')
  }
  const error = problem ?? act.error
  if (issue.links.length === 0 && !issue.canManage) return null
  return (
    <section class='issue-side-box' data-testid='issue-links'>
      <h3>Linked</h3>
      {issue.links.length === 0
        ? <p class='muted small'>Nothing yet</p>
        : <ul class='issue-links'>{issue.links.map(l => <li key={`${l.rel} ${l.to}`}><span class='muted small'>{REL_WORDS[l.rel]}</span> <IssueLinkTarget record={record} to={l.to} known={known} /></li>)}</ul>}
      {issue.canManage && (
        <form class='issue-side-form issue-link-form' onSubmit={e => { void add(e) }}>
          <select value={rel} onChange={e => setRel((e.target as HTMLSelectElement).value as LinkRel)} aria-label='How it is linked'>
            {LINK_RELS.map(r => <option key={r} value={r}>{REL_WORDS[r].toLowerCase()}</option>)}
          </select>
          <input value={to} onInput={e => { setTo((e.target as HTMLInputElement).value); setProblem(undefined) }} placeholder='issue or commit id' aria-label='Issue or commit id to link' spellcheck={false} autocomplete='off' data-testid='link-input' />
          <button type='submit' disabled={act.busy || to.trim() === ''}>Link</button>
        </form>
      )}
      {error != null && <p class='error-text small' role='alert'>{error}</p>}
    </section>
  )
}
