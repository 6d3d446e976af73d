// One comment of a patch (a revision's discussion, or a review's inline
// comment, or a reply): who and when, its edits behind a disclosure, the
// body, reactions, and what this tab may do: reply, edit its own, redact
// its own (or any, as a delegate), resolve an inline thread.
import { useState } from 'preact/hooks'
import { relativeTime } from '../../render/time.js'
import { useAction } from './issue-action.js'
import { IssueEditor } from './IssueEditor.js'
import { IssueMarkdown } from './IssueMarkdown.js'
import { REACTION_EMOJI, whoWords } from './issue-words.js'
import { REACTIONS } from '../../app/types.js'
import type { GutsApp, PatchComment, PatchView, Reaction, RepoRecord } from '../../app/types.js'

export interface PatchCommentCardProps {
  app: GutsApp
  record: RepoRecord
  patch: PatchView
  comment: PatchComment
  depth: number
  now: number
  /** sends a reply to this comment; without it, no Reply */
  reply?: (body: string) => Promise<unknown>
  /** words after the author: "commented", "reviewed"… */
  verb?: string
  testid?: string
}

export function PatchCommentCard ({ app, record, patch, comment: c, depth, now, reply: sendReplyTo, verb, testid = 'patch-comment' }: PatchCommentCardProps) {
  const mine = c.author === patch.me
  const [mode, setMode] = useState<'view' | 'edit' | 'reply'>('view')
  const [edit, setEdit] = useState(c.body)
  const [reply, setReply] = useState('')
  const [confirmRedact, setConfirmRedact] = useState(false)
  const act = useAction()
  const canRedact = c.redacted == null && (mine || patch.moderator)
  const save = async (): Promise<void> => {
    if (edit.trim() === '' || edit === c.body) { setMode('view'); return }
    if (await act.run(async () => app.repos.patches.editComment(record, patch.id, c.id, edit))) setMode('view')
  }
  const sendReply = async (): Promise<void> => {
    if (reply.trim() === '' || sendReplyTo == null) return
    if (await act.run(async () => sendReplyTo(reply))) { setReply(''); setMode('view') }
  }
  const when = <time dateTime={new Date(c.at).toISOString()} title={new Date(c.at).toLocaleString()}>{relativeTime(c.at, now)}</time>
  return (
    <article class={`issue-comment depth-${depth}${mine ? ' mine' : ''}`} data-testid={testid} data-comment={c.id} id={`comment-${c.id}`}>
      <header class='issue-comment-head'>
        <span class='issue-who' title={c.author}>{whoWords(c.author, patch.me)}</span>
        <span class='muted'>{verb ?? (c.replyTo != null ? 'replied' : 'commented')} {when}</span>
        {c.author === patch.author && <span class='tag'>author</span>}
        {c.edits.length > 1 && (
          <details class='issue-edits'>
            <summary class='muted'>edited</summary>
            <ol>{c.edits.slice().reverse().map((e, i) => <li key={e.change}><span class='muted small'>{i === c.edits.length - 1 ? 'original' : 'edit'} · {relativeTime(e.at, now)}</span><pre>{e.body}</pre></li>)}</ol>
          </details>
        )}
      </header>
      {c.redacted != null
        ? <p class='muted issue-redacted'>Redacted by {whoWords(c.redacted.by, patch.me)} {relativeTime(c.redacted.at, now)}.</p>
        : mode === 'edit'
          ? (
            <div class='issue-comment-body'>
              <IssueEditor record={record} value={edit} onInput={setEdit} label='Edit the comment' autofocus onSubmit={() => { void save() }} />
              <div class='row issue-buttons'>
                <button type='button' class='primary' disabled={act.busy || edit.trim() === ''} onClick={() => { void save() }}>{act.busy ? 'Saving…' : 'Save'}</button>
                <button type='button' disabled={act.busy} onClick={() => { setMode('view'); setEdit(c.body); act.clear() }}>Cancel</button>
                {act.error != null && <span class='error-text small' role='alert'>{act.error}</span>}
              </div>
            </div>
            )
          : <div class='issue-comment-body'>{c.body.trim() === '' ? <p class='muted'>No text.</p> : <IssueMarkdown record={record} body={c.body} testid='patch-comment-body' />}</div>}
      {c.redacted == null && (
        <footer class='issue-comment-foot'>
          <Reactions app={app} record={record} patch={patch} comment={c} />
          <span class='issue-comment-actions'>
            {sendReplyTo != null && <button type='button' class='link' onClick={() => setMode(mode === 'reply' ? 'view' : 'reply')} data-testid='patch-reply'>Reply</button>}
            {mine && <button type='button' class='link' onClick={() => { setEdit(c.body); setMode('edit') }}>Edit</button>}
            {canRedact && (confirmRedact
              ? <><button type='button' class='link danger-text' disabled={act.busy} onClick={() => { void act.run(async () => app.repos.patches.redactComment(record, patch.id, c.id)).then(() => setConfirmRedact(false)) }}>Redact for everyone?</button><button type='button' class='link' onClick={() => setConfirmRedact(false)}>No</button></>
              : <button type='button' class='link' onClick={() => setConfirmRedact(true)}>Redact</button>)}
          </span>
          {mode !== 'edit' && act.error != null && <span class='error-text small' role='alert'>{act.error}</span>}
        </footer>
      )}
      {mode === 'reply' && (
        <div class='issue-reply'>
          <IssueEditor record={record} value={reply} onInput={setReply} label='Reply' placeholder={`Reply to ${whoWords(c.author, patch.me)}`} rows={3} testid='patch-reply-box' autofocus onSubmit={() => { void sendReply() }} />
          <div class='row issue-buttons'>
            <button type='button' class='primary' disabled={act.busy || reply.trim() === ''} onClick={() => { void sendReply() }} data-testid='send-patch-reply'>{act.busy ? 'Sending…' : 'Reply'}</button>
            <button type='button' disabled={act.busy} onClick={() => setMode('view')}>Cancel</button>
            {act.error != null && <span class='error-text small' role='alert'>{act.error}</span>}
          </div>
        </div>
      )}
    </article>
  )
}

function Reactions ({ app, record, patch, comment: c }: { app: GutsApp, record: RepoRecord, patch: PatchView, comment: PatchComment }) {
  const act = useAction()
  const [open, setOpen] = useState(false)
  const toggle = (r: Reaction, active: boolean): void => { setOpen(false); void act.run(async () => app.repos.patches.react(record, patch.id, c.id, r, active)) }
  const given = REACTIONS.filter(r => (c.reactions[r]?.length ?? 0) > 0)
  return (
    <span class='issue-reactions'>
      {given.map(r => {
        const who = c.reactions[r] ?? []
        const active = who.includes(patch.me)
        return <button type='button' key={r} class={`reaction${active ? ' active' : ''}`} aria-pressed={active} disabled={act.busy} title={who.map(p => p === patch.me ? 'you' : p).join(', ')} onClick={() => toggle(r, !active)}>{REACTION_EMOJI[r]} <span class='count'>{who.length}</span></button>
      })}
      <span class='reaction-picker' onFocusOut={e => { if (!(e.currentTarget as Element).contains(e.relatedTarget as Node | null)) setOpen(false) }}>
        <button type='button' class='reaction add' aria-expanded={open} aria-label='Add a reaction' disabled={act.busy} onClick={() => setOpen(!open)}>☺<sup>+</sup></button>
        {open && (
          <span class='reaction-menu' role='menu' onKeyDown={e => { if (e.key === 'Escape') setOpen(false) }}>
            {REACTIONS.map(r => {
              const active = (c.reactions[r] ?? []).includes(patch.me)
              return <button type='button' key={r} role='menuitemcheckbox' aria-checked={active} class={active ? 'active' : ''} title={r} onClick={() => toggle(r, !active)}>{REACTION_EMOJI[r]}</button>
            })}
          </span>
        )}
      </span>
      {act.error != null && <span class='error-text small' role='alert'>{act.error}</span>}
    </span>
  )
}
