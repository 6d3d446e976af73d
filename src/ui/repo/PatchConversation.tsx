// A patch's conversation: the description (the first revision's: later
// ones say what changed, and stand in the timeline where pushed), then
// in time order each later revision pushed, each review with its verdict,
// summary and inline comments, the discussion, the merges; the boxes to
// update, merge and change the state; a comment box. Beside it: reviewers,
// labels, assignees.
import { useState } from 'preact/hooks'
import { relativeTime } from '../../render/time.js'
import { latestRecord, useAction, useLoad, useReposVersion } from './issue-action.js'
import { keepCommentDraft, readCommentDraft } from './patch-action.js'
import { IssueEditor } from './IssueEditor.js'
import { IssueMarkdown } from './IssueMarkdown.js'
import { CommitIcon, PatchMergedIcon, ReviewIcon } from './PatchIcons.js'
import { PatchCommentCard } from './PatchCommentCard.js'
import { PatchInlineThread } from './PatchInlineThread.js'
import { PatchMergeBox } from './PatchMergeBox.js'
import { PatchUpdateBox } from './PatchUpdateBox.js'
import { PatchSidebar } from './PatchSidebar.js'
import { commentThreads, patchTimeline } from './patch-timeline.js'
import type { PatchTimelineItem } from './patch-timeline.js'
import { VERDICT_WORDS } from './patch-words.js'
import { whoWords } from './issue-words.js'
import { shortOid } from './format.js'
import { commitLink, patchLink } from './links.js'
import type { PatchPageProps } from './PatchView.js'
import type { AnchorStatus, Review } from '../../app/types.js'

/** where each inline comment falls in the latest revision (by comment id): the timeline marks the outdated ones, as GitHub does */
type Placed = ReadonlyMap<string, AnchorStatus>

export function PatchConversation (props: PatchPageProps) {
  const { app, record, patch, now } = props
  const latest = patch.revisions[patch.revisions.length - 1]
  const version = useReposVersion(app)
  const inline = useLoad(async signal => new Map((await app.repos.patches.inlineComments(await latestRecord(app, record, version), patch.id, latest.id, { signal })).map(c => [c.comment.id, c.status])), [record.rid, patch.id, latest.id, version])
  const placed: Placed = inline.value ?? new Map()
  const first = patch.revisions[0]
  const items = patchTimeline(patch)
  return (
    <div class='issue-layout'>
      <div class='issue-main'>
        <div class='issue-thread' data-testid='patch-thread'>
          <article class='issue-comment' data-testid='patch-description-card'>
            <header class='issue-comment-head'>
              <span class='issue-who' title={patch.author}>{whoWords(patch.author, patch.me)}</span>
              <span class='muted'>opened this {relativeTime(patch.at, now)}</span>
            </header>
            <div class='issue-comment-body'>{first.description.trim() === '' ? <p class='muted'>No description.</p> : <IssueMarkdown record={record} body={first.description} testid='patch-description-body' />}</div>
          </article>
          {items.map(item => <TimelineItem key={itemKey(item)} {...props} item={item} placed={placed} />)}
        </div>
        {patch.dropped.length > 0 && (
          <details class='issue-dropped muted small'>
            <summary>{patch.dropped.length} {patch.dropped.length === 1 ? 'change was' : 'changes were'} refused</summary>
            <ul>{patch.dropped.slice(0, 100).map(d => <li key={d.change}><code>{d.change.slice(0, 7)}</code> {d.reason}</li>)}</ul>
          </details>
        )}
        <PatchUpdateBox {...props} />
        <PatchMergeBox {...props} />
        <StateButtons {...props} />
        <CommentBox {...props} revision={latest.id} />
      </div>
      <PatchSidebar app={app} record={record} patch={patch} />
    </div>
  )
}

const itemKey = (i: PatchTimelineItem): string => i.kind === 'comment' ? `c${i.comment.id}` : i.kind === 'review' ? `v${i.review.id}` : i.kind === 'revision' ? `r${i.revision.id}` : `m${i.merge.by}${i.merge.commit}`

function TimelineItem ({ app, record, patch, now, item, placed }: PatchPageProps & { item: PatchTimelineItem, placed: Placed }) {
  const when = (at: number) => <span class='muted'>· {relativeTime(at, now)}</span>
  switch (item.kind) {
    case 'revision':
      return (
        <div class='issue-event patch-event-revision' data-testid='patch-event' data-kind='revision'>
          <span class='issue-event-icon' aria-hidden='true'><CommitIcon /></span>
          <span>
            <span class='issue-who' title={item.revision.author}>{whoWords(item.revision.author, patch.me)}</span> pushed <a href={patchLink(record.rid, patch.id, { rev: item.number, tab: 'commits' })}>revision {item.number}</a> (<a href={commitLink(record.rid, item.revision.oid)}><code>{shortOid(item.revision.oid)}</code></a>){item.revision.description.trim() !== '' && <>: <span class='patch-revision-words'>{item.revision.description.split('\n', 1)[0]}</span></>} {when(item.at)}
            {' '}<a class='small' href={patchLink(record.rid, patch.id, { tab: 'compare', rev: item.number, from: item.number - 1 })}>compare with {item.number - 1}</a>
          </span>
        </div>
      )
    case 'merge':
      return (
        <div class='issue-event patch-event-merge' data-testid='patch-event' data-kind='merge'>
          <span class='issue-event-icon' aria-hidden='true'><PatchMergedIcon /></span>
          <span><span class='issue-who' title={item.merge.by}>{whoWords(item.merge.by, patch.me)}</span> merged {item.number != null ? `revision ${item.number}` : 'this'} as <a href={commitLink(record.rid, item.merge.commit)}><code>{shortOid(item.merge.commit)}</code></a> into <code>{patch.target}</code> {when(item.at)}</span>
        </div>
      )
    case 'review':
      return <ReviewCard app={app} record={record} patch={patch} now={now} review={item.review} number={item.number} placed={placed} />
    case 'comment': {
      const c = item.comment
      if (c.id === patch.id) return null // the opening post, drawn above
      if (c.location != null && item.depth === 0) {
        const t = commentThreads(item.revision.comments).find(x => x.root.id === c.id)
        return <PatchInlineThread app={app} record={record} patch={patch} root={c} replies={t?.replies ?? []} location={c.location} status={placed.get(c.id) === 'outdated' ? 'outdated' : 'current'} madeOn={item.revision.id} madeOnNumber={item.number} now={now} excerpt />
      }
      if (c.location != null) return null // a reply in an inline thread: drawn in it
      return <PatchCommentCard app={app} record={record} patch={patch} comment={c} depth={item.depth} now={now} reply={async body => await app.repos.patches.comment(record, patch.id, { revision: item.revision.id, body, replyTo: c.id })} verb={c.replyTo != null ? 'replied' : `commented on revision ${item.number}`} />
    }
  }
}

function ReviewCard ({ app, record, patch, now, review, number, placed }: Omit<PatchPageProps, 'index' | 'page'> & { review: Review, number: number, placed: Placed }) {
  const threads = commentThreads(review.comments).filter(t => t.root.location != null)
  return (
    <article class='issue-comment patch-review' data-testid='patch-review' data-verdict={review.verdict ?? 'comment'}>
      <header class='issue-comment-head'>
        <span class='patch-review-icon' aria-hidden='true'><ReviewIcon /></span>
        <span class='issue-who' title={review.author}>{whoWords(review.author, patch.me)}</span>
        <span class='muted'>reviewed <a href={patchLink(record.rid, patch.id, { rev: number, tab: 'files' })}>revision {number}</a> {relativeTime(review.at, now)}</span>
        {review.verdict != null ? <VerdictBadge verdict={review.verdict} /> : <span class='tag'>commented</span>}
      </header>
      {review.summary != null && review.summary.trim() !== '' && <div class='issue-comment-body'><IssueMarkdown record={record} body={review.summary} testid='review-summary-body' /></div>}
      {threads.length > 0 && (
        <div class='patch-review-threads'>
          {threads.map(t => <PatchInlineThread key={t.root.id} app={app} record={record} patch={patch} root={t.root} replies={t.replies} location={t.root.location!} status={placed.get(t.root.id) === 'outdated' ? 'outdated' : 'current'} madeOn={review.revision} madeOnNumber={number} review={review.id} now={now} excerpt />)}
        </div>
      )}
    </article>
  )
}

export function VerdictBadge ({ verdict }: { verdict: 'accept' | 'reject' }) {
  return <span class={`patch-verdict verdict-${verdict}`} data-testid='review-verdict' data-verdict={verdict}>{verdict === 'accept' ? '✓' : '✗'} {VERDICT_WORDS[verdict]}</span>
}

/** draft / ready for review / archive / reopen, for the author and the delegates */
function StateButtons ({ app, record, patch }: PatchPageProps) {
  const act = useAction()
  if (!patch.canManage || patch.shown === 'merged') return null
  const set = (status: 'open' | 'draft' | 'archived'): void => { void act.run(async () => app.repos.patches.setStatus(record, patch.id, status)) }
  return (
    <div class='row patch-state-buttons' data-testid='patch-state-buttons'>
      {patch.status === 'open' && <button type='button' disabled={act.busy} onClick={() => set('draft')} data-testid='mark-draft'>Convert to draft</button>}
      {patch.status === 'draft' && <button type='button' disabled={act.busy} onClick={() => set('open')} data-testid='mark-ready'>Ready for review</button>}
      {patch.status !== 'archived' && <button type='button' disabled={act.busy} onClick={() => set('archived')} data-testid='archive-patch'>Archive</button>}
      {patch.status === 'archived' && <button type='button' disabled={act.busy} onClick={() => set('open')} data-testid='reopen-patch'>Reopen</button>}
      {act.error != null && <span class='error-text small' role='alert'>{act.error}</span>}
    </div>
  )
}

function CommentBox ({ app, record, patch, revision }: PatchPageProps & { revision: string }) {
  const [text, setText] = useState(() => readCommentDraft(record.rid, patch.id))
  const act = useAction()
  const write = (t: string): void => { setText(t); keepCommentDraft(record.rid, patch.id, t) }
  const send = async (): Promise<void> => {
    if (text.trim() === '') return
    if (await act.run(async () => app.repos.patches.comment(record, patch.id, { revision, body: text }))) write('')
  }
  return (
    <section class='issue-comment-box' data-testid='patch-comment-box'>
      <h3 class='small muted'>Add a comment</h3>
      <IssueEditor record={record} value={text} onInput={write} label='Comment' placeholder='Leave a comment' testid='patch-comment-input' onSubmit={() => { void send() }} />
      <div class='row issue-buttons'>
        <button type='button' class='primary' disabled={act.busy || text.trim() === ''} onClick={() => { void send() }} data-testid='send-patch-comment'>{act.busy ? 'Sending…' : 'Comment'}</button>
      </div>
      {act.error != null && <p class='error-text small' role='alert'>{act.error}</p>}
    </section>
  )
}
