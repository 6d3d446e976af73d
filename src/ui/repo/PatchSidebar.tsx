// Beside a patch's conversation (below it on a phone): who reviewed and
// their latest verdict, the labels and assignees (a delegate edits them).
import { useState } from 'preact/hooks'
import { CopyButton } from '../CopyButton.js'
import { useAction } from './issue-action.js'
import { IssueLabel } from './IssueLabel.js'
import { VerdictBadge } from './PatchConversation.js'
import { reviewers } from './patch-timeline.js'
import { cleanLabel, whoWords } from './issue-words.js'
import { peerIdProblem } from './peer-words.js'
import { patchesLink } from './links.js'
import type { GutsApp, PatchView, RepoRecord } from '../../app/types.js'

export function PatchSidebar ({ app, record, patch }: { app: GutsApp, record: RepoRecord, patch: PatchView }) {
  const n = patch.revisions.length
  const people = reviewers(patch.revisions)
  return (
    <aside class='issue-sidebar' data-testid='patch-sidebar'>
      <section class='issue-side-box' data-testid='patch-reviewers'>
        <h3>Reviewers</h3>
        {people.length === 0
          ? <p class='muted small'>No reviews yet</p>
          : (
            <ul class='issue-assignees'>
              {people.map(r => (
                <li key={r.author} class='patch-reviewer'>
                  <code title={r.author}>{whoWords(r.author, patch.me)}</code>{' '}
                  {r.review.verdict != null ? <VerdictBadge verdict={r.review.verdict} /> : <span class='muted small'>commented</span>}
                  {r.number < n && <span class='muted small'> on revision {r.number}</span>}
                </li>
              ))}
            </ul>
            )}
      </section>
      <LabelsBox app={app} record={record} patch={patch} />
      <AssigneesBox app={app} record={record} patch={patch} />
    </aside>
  )
}

function LabelsBox ({ app, record, patch }: { app: GutsApp, record: RepoRecord, patch: PatchView }) {
  const [text, setText] = useState('')
  const act = useAction()
  const add = async (e: Event): Promise<void> => {
    e.preventDefault()
    const name = cleanLabel(text)
    if (name === '') return
    if (patch.labels.includes(name)) { setText(''); return }
    if (await act.run(async () => app.repos.patches.label(record, patch.id, { add: [name] }))) setText('')
  }
  return (
    <section class='issue-side-box' data-testid='patch-labels'>
      <h3>Labels</h3>
      {patch.labels.length === 0
        ? <p class='muted small'>None yet</p>
        : <div class='issue-labels'>{patch.labels.map(l => <IssueLabel key={l} rid={record.rid} name={l} onPick={() => { location.hash = patchesLink(record.rid, { label: l }) }} onRemove={patch.moderator ? () => { void act.run(async () => app.repos.patches.label(record, patch.id, { remove: [l] })) } : undefined} disabled={act.busy} />)}</div>}
      {patch.moderator && (
        <form class='issue-side-form' onSubmit={e => { void add(e) }}>
          <input value={text} onInput={e => setText((e.target as HTMLInputElement).value)} placeholder='Add a label' aria-label='Add a label' maxLength={50} data-testid='patch-label-input' />
          <button type='submit' disabled={act.busy || cleanLabel(text) === ''} data-testid='patch-add-label'>Add</button>
        </form>
      )}
      {act.error != null && <p class='error-text small' role='alert'>{act.error}</p>}
    </section>
  )
}

function AssigneesBox ({ app, record, patch }: { app: GutsApp, record: RepoRecord, patch: PatchView }) {
  const [text, setText] = useState('')
  const [problem, setProblem] = useState<string | undefined>()
  const act = useAction()
  const add = async (e: Event): Promise<void> => {
    e.preventDefault()
    const peer = text.trim()
    const wrong = peerIdProblem(peer)
    setProblem(wrong)
    if (wrong != null) return
    if (patch.assignees.includes(peer)) { setText(''); return }
    if (await act.run(async () => app.repos.patches.assign(record, patch.id, { add: [peer] }))) setText('')
  }
  const error = problem ?? act.error
  return (
    <section class='issue-side-box' data-testid='patch-assignees'>
      <h3>Assignees</h3>
      {patch.assignees.length === 0
        ? <p class='muted small'>No one</p>
        : (
          <ul class='issue-assignees'>
            {patch.assignees.map(p => (
              <li key={p}>
                <code title={p}>{whoWords(p, patch.me)}</code> <CopyButton text={p} />
                {patch.moderator && <button type='button' class='issue-label-x' aria-label={`Unassign ${p}`} disabled={act.busy} onClick={() => { void act.run(async () => app.repos.patches.assign(record, patch.id, { remove: [p] })) }}>×</button>}
              </li>
            ))}
          </ul>
          )}
      {patch.moderator && (
        <form class='issue-side-form' onSubmit={e => { void add(e) }}>
          <input value={text} onInput={e => { setText((e.target as HTMLInputElement).value); setProblem(undefined) }} placeholder='12D3KooW… (a PeerId)' aria-label='Assign a PeerId' spellcheck={false} autocomplete='off' />
          <button type='submit' disabled={act.busy || text.trim() === ''}>Assign</button>
          {!patch.assignees.includes(patch.me) && <button type='button' class='link small' disabled={act.busy} onClick={() => { void act.run(async () => app.repos.patches.assign(record, patch.id, { add: [patch.me] })) }}>assign yourself</button>}
        </form>
      )}
      {error != null && <p class='error-text small' role='alert'>{error}</p>}
    </section>
  )
}
