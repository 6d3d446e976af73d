// One issue: its title and status, the thread (description, comments with
// their replies, and what happened between them), a box to comment, close
// or reopen, and the labels, assignees and links beside it. Re-read on every
// change the repositories take, so a comment from a peer shows as it lands.
import { useEffect, useMemo, useState } from 'preact/hooks'
import { relativeTime } from '../../render/time.js'
import { useNow } from '../hooks.js'
import { latestIssues, latestRecord, rememberMe, useAction, useLoad, useReposVersion } from './issue-action.js'
import { IssueCommentCard } from './IssueCommentCard.js'
import { IssueEditor } from './IssueEditor.js'
import { ClosedIcon, OpenIcon } from './IssueIcons.js'
import { IssueEventLine } from './IssueEventLine.js'
import { IssueSidebar } from './IssueSidebar.js'
import { issueThread } from './issue-thread.js'
import { CLOSED_AS, shortId, statusWords, whoWords } from './issue-words.js'
import { issuesLink } from './links.js'
import { NotThere } from './NotThere.js'
import { CLOSE_REASONS } from '../../app/types.js'
import type { CloseReason, GutsApp, IssueSummary, IssueView as Issue, RepoRecord } from '../../app/types.js'
import './IssueView.css'

export function IssueView ({ app, record, id }: { app: GutsApp, record: RepoRecord, id: string }) {
  const version = useReposVersion(app)
  const now = useNow(60_000)
  const got = useLoad(async signal => app.repos.issues.get(await latestRecord(app, record, version), id, { signal }), [record.rid, id, version])
  const list = useLoad(async () => await latestIssues(app, record, version), [record.rid, version])
  const known = useMemo(() => new Map<string, IssueSummary>((list.value?.issues ?? []).map(i => [i.id, i])), [list.value])
  const issue = got.value
  useEffect(() => { if (issue != null) rememberMe(issue.me) }, [issue?.me])
  if (issue == null) {
    if (got.error != null) return <section class='card'><h2>Cannot show this issue</h2><p class='error-text'>{got.error.message}</p><p><a href={issuesLink(record.rid)}>All issues</a></p></section>
    if (got.loading) return <section class='card muted' data-testid='issue-loading'>Loading the issue…</section>
    return (
      <NotThere title={`No issue ${shortId(id)} is held here`} ways={[{ href: issuesLink(record.rid), label: 'The issues held here' }]}>
        <p class='muted'>This tab has not received it yet (it may still be on its way from a peer), or the link is mistyped.</p>
      </NotThere>
    )
  }
  const items = issueThread(issue)
  return (
    <section class='issue-page' data-testid='issue-page' data-issue={issue.id}>
      <IssueTitle app={app} record={record} issue={issue} now={now} />
      {got.error != null && <p class='error-text small'>Could not re-read the issue: {got.error.message}</p>}
      <div class='issue-layout'>
        <div class='issue-main'>
          <div class='issue-thread' data-testid='issue-thread'>
            {items.map(item => item.kind === 'comment'
              ? <IssueCommentCard key={item.comment.id} app={app} record={record} issue={issue} comment={item.comment} depth={item.depth} now={now} />
              : <IssueEventLine key={item.event.change} record={record} event={item.event} me={issue.me} now={now} known={known} />)}
          </div>
          {issue.dropped.length > 0 && (
            <details class='issue-dropped muted small' data-testid='issue-dropped'>
              <summary>{issue.dropped.length} {issue.dropped.length === 1 ? 'change was' : 'changes were'} refused</summary>
              <ul>{issue.dropped.slice(0, 100).map(d => <li key={d.change}><code>{shortId(d.change)}</code> {d.reason}</li>)}</ul>
            </details>
          )}
          <CommentBox app={app} record={record} issue={issue} />
        </div>
        <IssueSidebar app={app} record={record} issue={issue} labels={list.value?.labels ?? []} known={known} />
      </div>
    </section>
  )
}

function IssueTitle ({ app, record, issue, now }: { app: GutsApp, record: RepoRecord, issue: Issue, now: number }) {
  const [editing, setEditing] = useState(false)
  const [title, setTitle] = useState(issue.title)
  const act = useAction()
  const save = async (e: Event): Promise<void> => {
    e.preventDefault()
    const t = title.trim()
    if (t === '' || t === issue.title) { setEditing(false); return }
    if (await act.run(async () => app.repos.issues.editTitle(record, issue.id, t))) setEditing(false)
  }
  const comments = issue.comments.length - 1
  return (
    <header class='issue-title-block'>
      {editing
        ? (
          <form class='issue-title-form' onSubmit={e => { void save(e) }}>
            <input value={title} onInput={e => setTitle((e.target as HTMLInputElement).value)} aria-label='Title' maxLength={256} data-testid='title-input' autofocus />
            <button type='submit' class='primary' disabled={act.busy || title.trim() === ''} data-testid='save-title'>{act.busy ? 'Saving…' : 'Save'}</button>
            <button type='button' disabled={act.busy} onClick={() => { setEditing(false); act.clear() }}>Cancel</button>
          </form>
          )
        : (
          <div class='issue-title-row'>
            <h1 data-testid='issue-title'>{issue.title} <span class='muted issue-number'>#{shortId(issue.id)}</span></h1>
            {issue.canManage && <button type='button' onClick={() => { setTitle(issue.title); setEditing(true) }} data-testid='edit-title'>Edit</button>}
          </div>
          )}
      {act.error != null && <p class='error-text small' role='alert'>{act.error}</p>}
      <div class='issue-meta'>
        <span class={`issue-status ${issue.status.status}`} data-testid='issue-status' data-status={issue.status.status}>{issue.status.status === 'open' ? <OpenIcon /> : <ClosedIcon />} {statusWords(issue.status)}</span>
        <span class='muted'><span class='issue-who' title={issue.author}>{whoWords(issue.author, issue.me)}</span> opened this {relativeTime(issue.at, now)} · {comments} {comments === 1 ? 'comment' : 'comments'}</span>
      </div>
    </header>
  )
}

const draftKey = (rid: string, id: string): string => `guts:issue-draft:${rid}:${id}`
function readDraft (key: string): string {
  try { return sessionStorage.getItem(key) ?? '' } catch { return '' }
}
function keepDraft (key: string, text: string): void {
  try { if (text === '') sessionStorage.removeItem(key); else sessionStorage.setItem(key, text.slice(0, 64 * 1024)) } catch { /* private mode: the box still holds it */ }
}

function CommentBox ({ app, record, issue }: { app: GutsApp, record: RepoRecord, issue: Issue }) {
  const key = draftKey(record.rid, issue.id)
  const [text, setText] = useState(() => readDraft(key))
  const [reason, setReason] = useState<CloseReason>('solved')
  const act = useAction()
  const write = (t: string): void => { setText(t); keepDraft(key, t) }
  const send = async (): Promise<void> => {
    if (text.trim() === '') return
    if (await act.run(async () => app.repos.issues.comment(record, issue.id, { body: text }))) write('')
  }
  const open = issue.status.status === 'open'
  const lifecycle = async (): Promise<void> => {
    // a comment typed before closing goes first, as "Close with comment" does
    await act.run(async () => {
      if (text.trim() !== '') { await app.repos.issues.comment(record, issue.id, { body: text }); write('') }
      if (open) await app.repos.issues.close(record, issue.id, reason)
      else await app.repos.issues.reopen(record, issue.id)
    })
  }
  const withText = text.trim() !== ''
  return (
    <section class='issue-comment-box' data-testid='comment-box'>
      <h3 class='small muted'>Add a comment</h3>
      <IssueEditor record={record} value={text} onInput={write} label='Comment' placeholder='Leave a comment' testid='comment-input' onSubmit={() => { void send() }} />
      <div class='row issue-buttons'>
        {issue.canManage && (open
          ? (
            <span class='issue-close'>
              <select value={reason} onChange={e => setReason((e.target as HTMLSelectElement).value as CloseReason)} aria-label='Close as' disabled={act.busy} data-testid='close-reason'>
                {CLOSE_REASONS.map(r => <option key={r} value={r}>as {CLOSED_AS[r]}</option>)}
              </select>
              <button type='button' disabled={act.busy} onClick={() => { void lifecycle() }} data-testid='close-issue'>{withText ? 'Close with comment' : 'Close issue'}</button>
            </span>
            )
          : <button type='button' disabled={act.busy} onClick={() => { void lifecycle() }} data-testid='reopen-issue'>{withText ? 'Reopen with comment' : 'Reopen issue'}</button>)}
        <button type='button' class='primary' disabled={act.busy || !withText} onClick={() => { void send() }} data-testid='send-comment'>{act.busy ? 'Sending…' : 'Comment'}</button>
      </div>
      {act.error != null && <p class='error-text small' role='alert' data-testid='comment-error'>{act.error}</p>}
    </section>
  )
}
