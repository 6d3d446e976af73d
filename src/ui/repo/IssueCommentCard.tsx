// One comment of an issue's thread (or its description): who and when,
// its edits behind a disclosure, the body, reactions, and what this tab may
// do with it: reply, edit its own, redact its own (or any, as a delegate).
import { useState } from 'preact/hooks'
import { relativeTime } from '../../render/time.js'
import { useAction } from './issue-action.js'
import { IssueEditor } from './IssueEditor.js'
import { IssueMarkdown } from './IssueMarkdown.js'
import { REACTION_EMOJI, whoWords } from './issue-words.js'
import { REACTIONS } from '../../app/types.js'
import type { GutsApp, IssueComment, IssueView, Reaction, RepoRecord } from '../../app/types.js'

export interface IssueCommentCardProps {
  app: GutsApp
  record: RepoRecord
  issue: IssueView
  comment: IssueComment
  depth: number
  now: number
}

export function IssueCommentCard ({ app, record, issue, comment: c, depth, now }: IssueCommentCardProps) {
  const description = c.id === issue.id
  const mine = c.author === issue.me
  const [mode, setMode] = useState<'view' | 'edit' | 'reply'>('view')
  const [edit, setEdit] = useState(c.body)
  const [reply, setReply] = useState('')
  const [confirmRedact, setConfirmRedact] = useState(false)
  const act = useAction()
  const canRedact = c.redacted == null && (mine || issue.moderator)
  const save = async (): Promise<void> => {
    if (edit.trim() === '' || edit === c.body) { setMode('view'); return }
    if (await act.run(async () => app.repos.issues.editComment(record, issue.id, c.id, edit))) setMode('view')
  }
  const sendReply = async (): Promise<void> => {
    if (reply.trim() === '') return
    if (await act.run(async () => app.repos.issues.comment(record, issue.id, { body: reply, replyTo: c.id }))) { setReply(''); setMode('view') }
  }
  const when = <time dateTime={new Date(c.at).toISOString()} title={new Date(c.at).toLocaleString()}>{relativeTime(c.at, now)}</time>
  return (
    <article class={`issue-comment depth-${depth}${mine ? ' mine' : ''}`} data-testid='issue-comment' data-comment={c.id} id={`comment-${c.id}`}>
      <header class='issue-comment-head'>
        <span class='issue-who' title={c.author}>{whoWords(c.author, issue.me)}</span>
        <span class='muted'>{description ? 'opened this' : c.replyTo != null ? 'replied' : 'commented'} {when}</span>
        {c.author === issue.author && !description && <span class='tag'>author</span>}
        {c.edits.length > 1 && (
          <details class='issue-edits' data-testid='comment-edits'>
            <summary class='muted'>edited</summary>
            <ol>
              {c.edits.slice().reverse().map((e, i) => (
                <li key={e.change} data-testid='comment-edit'>
                  <span class='muted small'>{i === c.edits.length - 1 ? 'original' : 'edit'} · {relativeTime(e.at, now)}</span>
                  <pre>{e.body}</pre>
                </li>
              ))}
            </ol>
          </details>
        )}
      </header>
      {c.redacted != null
        ? <p class='muted issue-redacted' data-testid='comment-redacted'>Redacted by {whoWords(c.redacted.by, issue.me)} {relativeTime(c.redacted.at, now)}.</p>
        : mode === 'edit'
          ? (
            <div class='issue-comment-body'>
              <IssueEditor record={record} value={edit} onInput={setEdit} label='Edit the comment' testid='edit-box' autofocus onSubmit={() => { void save() }} />
              <div class='row issue-buttons'>
                <button type='button' class='primary' disabled={act.busy || edit.trim() === ''} onClick={() => { void save() }} data-testid='save-edit'>{act.busy ? 'Saving…' : 'Save'}</button>
                <button type='button' disabled={act.busy} onClick={() => { setMode('view'); setEdit(c.body); act.clear() }}>Cancel</button>
                {act.error != null && <span class='error-text small' role='alert'>{act.error}</span>}
              </div>
            </div>
            )
          : <div class='issue-comment-body'>{c.body.trim() === '' ? <p class='muted'>No description.</p> : <IssueMarkdown record={record} body={c.body} testid='comment-body' />}</div>}
      {c.redacted == null && (
        <footer class='issue-comment-foot'>
          <Reactions app={app} record={record} issue={issue} comment={c} />
          <span class='issue-comment-actions'>
            <button type='button' class='link' onClick={() => setMode(mode === 'reply' ? 'view' : 'reply')} data-testid='reply'>Reply</button>
            {mine && <button type='button' class='link' onClick={() => { setEdit(c.body); setMode('edit') }} data-testid='edit-comment'>Edit</button>}
            {canRedact && !description && (confirmRedact
              ? <><button type='button' class='link danger-text' disabled={act.busy} onClick={() => { void act.run(async () => app.repos.issues.redactComment(record, issue.id, c.id)).then(() => setConfirmRedact(false)) }} data-testid='confirm-redact'>Redact for everyone?</button><button type='button' class='link' onClick={() => setConfirmRedact(false)}>No</button></>
              : <button type='button' class='link' onClick={() => setConfirmRedact(true)} data-testid='redact'>Redact</button>)}
          </span>
          {mode !== 'edit' && act.error != null && <span class='error-text small' role='alert'>{act.error}</span>}
        </footer>
      )}
      {mode === 'reply' && (
        <div class='issue-reply' data-testid='reply-form'>
          <IssueEditor record={record} value={reply} onInput={setReply} label='Reply' placeholder={`Reply to ${whoWords(c.author, issue.me)}`} rows={3} testid='reply-box' autofocus onSubmit={() => { void sendReply() }} />
          <div class='row issue-buttons'>
            <button type='button' class='primary' disabled={act.busy || reply.trim() === ''} onClick={() => { void sendReply() }} data-testid='send-reply'>{act.busy ? 'Sending…' : 'Reply'}</button>
            <button type='button' disabled={act.busy} onClick={() => setMode('view')}>Cancel</button>
            {act.error != null && <span class='error-text small' role='alert'>{act.error}</span>}
          </div>
        </div>
      )}
    </article>
  )
}

/** the reactions given, each a toggle of this tab's own; every one of the eight behind "+" */
function Reactions ({ app, record, issue, comment: c }: { app: GutsApp, record: RepoRecord, issue: IssueView, comment: IssueComment }) {
  const act = useAction()
  const [open, setOpen] = useState(false)
  const toggle = (r: Reaction, active: boolean): void => { setOpen(false); void act.run(async () => app.repos.issues.react(record, issue.id, c.id, r, active)) }
  const given = REACTIONS.filter(r => (c.reactions[r]?.length ?? 0) > 0)
  return (
    <span class='issue-reactions' data-testid='reactions'>
      {given.map(r => {
        const who = c.reactions[r] ?? []
        const active = who.includes(issue.me)
        return (
          <button type='button' key={r} class={`reaction${active ? ' active' : ''}`} aria-pressed={active} disabled={act.busy} title={who.map(p => p === issue.me ? 'you' : p).join(', ')} onClick={() => toggle(r, !active)} data-testid='reaction' data-reaction={r}>
            {REACTION_EMOJI[r]} <span class='count'>{who.length}</span>
          </button>
        )
      })}
      <span class='reaction-picker' onFocusOut={e => { if (!(e.currentTarget as Element).contains(e.relatedTarget as Node | null)) setOpen(false) }}>
        <button type='button' class='reaction add' aria-expanded={open} aria-label='Add a reaction' disabled={act.busy} onClick={() => setOpen(!open)} data-testid='react'>☺<sup>+</sup></button>
        {open && (
          <span class='reaction-menu' role='menu' onKeyDown={e => { if (e.key === 'Escape') setOpen(false) }}>
            {REACTIONS.map(r => {
              const active = (c.reactions[r] ?? []).includes(issue.me)
              return <button type='button' key={r} role='menuitemcheckbox' aria-checked={active} class={active ? 'active' : ''} title={r} onClick={() => toggle(r, !active)} data-testid='react-with' data-reaction={r}>{REACTION_EMOJI[r]}</button>
            })}
          </span>
        )}
      </span>
      {act.error != null && <span class='error-text small' role='alert'>{act.error}</span>}
    </span>
  )
}
