// The label and assignee boxes beside an issue's or a patch's thread: the
// same rules for both (a delegate edits them; anyone sees them), so one
// component each, told how to change the object and which test ids to use.
import { useState } from 'preact/hooks'
import { CopyButton } from '../CopyButton.js'
import { useAction } from './issue-action.js'
import { IssueLabel } from './IssueLabel.js'
import { cleanLabel, whoWords } from './issue-words.js'
import { peerIdProblem } from './peer-words.js'

type Change = { add?: string[], remove?: string[] }

export interface LabelsBoxProps {
  rid: string
  labels: string[]
  /** may edit: a delegate */
  moderator: boolean
  change: (c: Change) => Promise<void>
  /** every label in use in the repository, offered while typing */
  known?: string[]
  /** a click on a label (e.g. the list filtered by it) */
  onPick?: (label: string) => void
  ids: { box: string, input: string, add: string }
}

export function LabelsBox ({ rid, labels, moderator, change, known = [], onPick, ids }: LabelsBoxProps) {
  const [text, setText] = useState('')
  const act = useAction()
  const add = async (e: Event): Promise<void> => {
    e.preventDefault()
    const name = cleanLabel(text)
    if (name === '') return
    if (labels.includes(name)) { setText(''); return }
    if (await act.run(async () => change({ add: [name] }))) setText('')
  }
  const list = `${ids.box}-known`
  return (
    <section class='issue-side-box' data-testid={ids.box}>
      <h3>Labels</h3>
      {labels.length === 0
        ? <p class='muted small'>None yet</p>
        : <div class='issue-labels'>{labels.map(l => <IssueLabel key={l} rid={rid} name={l} onPick={onPick != null ? () => onPick(l) : undefined} onRemove={moderator ? () => { void act.run(async () => change({ remove: [l] })) } : undefined} disabled={act.busy} />)}</div>}
      {moderator && (
        <form class='issue-side-form' onSubmit={e => { void add(e) }}>
          <input value={text} onInput={e => setText((e.target as HTMLInputElement).value)} placeholder='Add a label' aria-label='Add a label' list={list} maxLength={50} data-testid={ids.input} />
          <datalist id={list}>{known.filter(l => !labels.includes(l)).map(l => <option key={l} value={l} />)}</datalist>
          <button type='submit' disabled={act.busy || cleanLabel(text) === ''} data-testid={ids.add}>Add</button>
        </form>
      )}
      {act.error != null && <p class='error-text small' role='alert'>{act.error}</p>}
    </section>
  )
}

export interface AssigneesBoxProps {
  assignees: string[]
  /** this tab's PeerId */
  me: string
  moderator: boolean
  change: (c: Change) => Promise<void>
  ids: { box: string, input: string }
}

export function AssigneesBox ({ assignees, me, moderator, change, ids }: AssigneesBoxProps) {
  const [text, setText] = useState('')
  const [problem, setProblem] = useState<string | undefined>()
  const act = useAction()
  const add = async (e: Event): Promise<void> => {
    e.preventDefault()
    const peer = text.trim()
    const wrong = peerIdProblem(peer)
    setProblem(wrong)
    if (wrong != null) return
    if (assignees.includes(peer)) { setText(''); return }
    if (await act.run(async () => change({ add: [peer] }))) setText('')
  }
  const error = problem ?? act.error
  return (
    <section class='issue-side-box' data-testid={ids.box}>
      <h3>Assignees</h3>
      {assignees.length === 0
        ? <p class='muted small'>No one</p>
        : (
          <ul class='issue-assignees'>
            {assignees.map(p => (
              <li key={p} data-testid='assignee' data-peer={p}>
                <code title={p}>{whoWords(p, me)}</code> <CopyButton text={p} />
                {moderator && <button type='button' class='issue-label-x' aria-label={`Unassign ${p}`} disabled={act.busy} onClick={() => { void act.run(async () => change({ remove: [p] })) }}>×</button>}
              </li>
            ))}
          </ul>
          )}
      {moderator && (
        <form class='issue-side-form' onSubmit={e => { void add(e) }}>
          <input value={text} onInput={e => { setText((e.target as HTMLInputElement).value); setProblem(undefined) }} placeholder='12D3KooW… (a PeerId)' aria-label='Assign a PeerId' spellcheck={false} autocomplete='off' data-testid={ids.input} />
          <button type='submit' disabled={act.busy || text.trim() === ''}>Assign</button>
          {!assignees.includes(me) && <button type='button' class='link small' disabled={act.busy} onClick={() => { void act.run(async () => change({ add: [me] })) }}>assign yourself</button>}
        </form>
      )}
      {error != null && <p class='error-text small' role='alert'>{error}</p>}
    </section>
  )
}
