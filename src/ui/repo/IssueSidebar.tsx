// Beside the thread (below it on a phone): labels and assignees, which a
// delegate edits, and the links to other issues and commits.
import { useState } from 'preact/hooks'
import { CopyButton } from '../CopyButton.js'
import { useAction } from './issue-action.js'
import { IssueLabel } from './IssueLabel.js'
import { IssueLinkTarget } from './IssueLinkTarget.js'
import { cleanLabel, whoWords } from './issue-words.js'
import { peerIdProblem } from './peer-words.js'
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
      <LabelsBox app={app} record={record} issue={issue} labels={labels} />
      <AssigneesBox app={app} record={record} issue={issue} />
      <LinksBox app={app} record={record} issue={issue} known={known} />
    </aside>
  )
}

function LabelsBox ({ app, record, issue, labels }: Omit<IssueSidebarProps, 'known'>) {
  const [text, setText] = useState('')
  const act = useAction()
  const add = async (e: Event): Promise<void> => {
    e.preventDefault()
    const name = cleanLabel(text)
    if (name === '') return
    if (issue.labels.includes(name)) { setText(''); return }
    if (await act.run(async () => app.repos.issues.label(record, issue.id, { add: [name] }))) setText('')
  }
  const remove = (name: string): void => { void act.run(async () => app.repos.issues.label(record, issue.id, { remove: [name] })) }
  return (
    <section class='issue-side-box' data-testid='issue-labels'>
      <h3>Labels</h3>
      {issue.labels.length === 0 ? <p class='muted small'>None yet</p> : <div class='issue-labels'>{issue.labels.map(l => <IssueLabel key={l} rid={record.rid} name={l} onRemove={issue.moderator ? () => remove(l) : undefined} disabled={act.busy} />)}</div>}
      {issue.moderator && (
        <form class='issue-side-form' onSubmit={e => { void add(e) }}>
          <input value={text} onInput={e => setText((e.target as HTMLInputElement).value)} placeholder='Add a label' aria-label='Add a label' list='issue-known-labels' maxLength={50} data-testid='label-input' />
          <datalist id='issue-known-labels'>{labels.filter(l => !issue.labels.includes(l)).map(l => <option key={l} value={l} />)}</datalist>
          <button type='submit' disabled={act.busy || cleanLabel(text) === ''} data-testid='add-label'>Add</button>
        </form>
      )}
      {act.error != null && <p class='error-text small' role='alert'>{act.error}</p>}
    </section>
  )
}

function AssigneesBox ({ app, record, issue }: { app: GutsApp, record: RepoRecord, issue: IssueView }) {
  const [text, setText] = useState('')
  const [problem, setProblem] = useState<string | undefined>()
  const act = useAction()
  const add = async (e: Event): Promise<void> => {
    e.preventDefault()
    const peer = text.trim()
    const wrong = peerIdProblem(peer)
    setProblem(wrong)
    if (wrong != null) return
    if (issue.assignees.includes(peer)) { setText(''); return }
    if (await act.run(async () => app.repos.issues.assign(record, issue.id, { add: [peer] }))) setText('')
  }
  const error = problem ?? act.error
  return (
    <section class='issue-side-box' data-testid='issue-assignees'>
      <h3>Assignees</h3>
      {issue.assignees.length === 0
        ? <p class='muted small'>No one</p>
        : (
          <ul class='issue-assignees'>
            {issue.assignees.map(p => (
              <li key={p} data-testid='assignee' data-peer={p}>
                <code title={p}>{whoWords(p, issue.me)}</code> <CopyButton text={p} />
                {issue.moderator && <button type='button' class='issue-label-x' aria-label={`Unassign ${p}`} disabled={act.busy} onClick={() => { void act.run(async () => app.repos.issues.assign(record, issue.id, { remove: [p] })) }}>×</button>}
              </li>
            ))}
          </ul>
          )}
      {issue.moderator && (
        <form class='issue-side-form' onSubmit={e => { void add(e) }}>
          <input value={text} onInput={e => { setText((e.target as HTMLInputElement).value); setProblem(undefined) }} placeholder='12D3KooW… (a PeerId)' aria-label='Assign a PeerId' spellcheck={false} autocomplete='off' data-testid='assignee-input' />
          <button type='submit' disabled={act.busy || text.trim() === ''}>Assign</button>
          {!issue.assignees.includes(issue.me) && <button type='button' class='link small' disabled={act.busy} onClick={() => { void act.run(async () => app.repos.issues.assign(record, issue.id, { add: [issue.me] })) }}>assign yourself</button>}
        </form>
      )}
      {error != null && <p class='error-text small' role='alert'>{error}</p>}
    </section>
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
