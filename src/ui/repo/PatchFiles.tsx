// The shown revision's files (its base to its head) with the review's
// inline comments under their lines. A line's gutter "+" picks it (shift
// picks a range in the same file and side) and opens a form: "Add to
// review" keeps the comment in this tab's draft review (localStorage,
// per revision) until the review is published; "Comment now" posts it at
// once. Comments whose lines this diff does not show are listed above
// their file; outdated ones (their hunk is gone) above the files.
import { useMemo, useState } from 'preact/hooks'
import { latestRecord, useAction, useLoad, useReposVersion } from './issue-action.js'
import { otherDrafts, useReviewDraft } from './patch-action.js'
import { addDraftComment, removeDraftComment } from './patch-drafts.js'
import type { DraftComment, ReviewDraft } from './patch-drafts.js'
import { isSelected, lineKey, lineRef, locationRange, locationWords, placeComments, selectionLocation, selectionRange, selectionWords, selectLine } from './patch-lines.js'
import type { LineSelection } from './patch-lines.js'
import { DiffFiles } from './DiffFiles.js'
import { IssueEditor } from './IssueEditor.js'
import { IssueMarkdown } from './IssueMarkdown.js'
import { PatchInlineThread } from './PatchInlineThread.js'
import { PatchReviewPanel } from './PatchReviewPanel.js'
import { useFileDiffs } from './useFileDiffs.js'
import { formatCount, plural } from './format.js'
import { patchLink } from './links.js'
import type { DiffLineTools } from './DiffTable.js'
import type { LineRow } from './DiffRows.js'
import type { PatchPageProps } from './PatchView.js'
import type { FileDelta, InlineComment, TextDiff } from '../../app/types.js'

export function PatchFiles (props: PatchPageProps) {
  const { app, record, patch, index } = props
  const version = useReposVersion(app)
  const rev = patch.revisions[index]
  const list = useLoad(async signal => await app.repos.diffListBetween(record, rev.base, rev.oid, { signal }), [record.rid, rev.base, rev.oid])
  const deltas = list.value?.deltas ?? []
  const diffs = useFileDiffs(deltas.length, list.value === undefined ? undefined : async (i, signal) => await app.repos.fileDiff(record, deltas[i], { signal }), [list.value])
  const inline = useLoad(async signal => await app.repos.patches.inlineComments(await latestRecord(app, record, version), patch.id, rev.id, { signal }), [record.rid, patch.id, rev.id, version])
  const [draft, setDraft] = useReviewDraft(record.rid, patch.id, rev.id)
  const [selection, setSelection] = useState<LineSelection | undefined>()
  const [reviewing, setReviewing] = useState(false)
  const [problem, setProblem] = useState<string | undefined>()
  const comments = useMemo(() => inline.value ?? [], [inline.value])
  const paths = useMemo(() => new Set(deltas.map(d => d.path)), [deltas])
  const away = comments.filter(c => c.status === 'outdated' || !paths.has(c.location.path))

  const tools = useMemo(() => {
    const cache = new Map<string, DiffLineTools>()
    const build = (path: string): DiffLineTools => {
      const mine = comments.filter(c => c.location.path === path && c.status !== 'outdated')
      const drafts = draft.comments.filter(d => d.location.path === path)
      const at = (r: LineRow): string | undefined => { const ref = lineRef(path, r); return ref == null ? undefined : lineKey(ref.side, ref.line) }
      const endsAt = (loc: { new?: [number, number], old?: [number, number] }): string | undefined => { const x = locationRange({ commit: '', path, ...loc }); return x == null ? undefined : lineKey(x.side, x.range[1]) }
      return {
        path,
        actionLabel: 'Comment on this line',
        onAction: (r, extend) => { const ref = lineRef(path, r); if (ref != null) { setSelection(s => selectLine(s, ref, extend)); setProblem(undefined) } },
        selected: (r) => { const ref = lineRef(path, r); return ref != null && isSelected(selection, ref) },
        below: (r) => {
          // only a hunk's own lines carry comments (an expanded line may repeat one)
          if (r.at < 0) return null
          const key = at(r)
          if (key == null) return null
          const threads = mine.filter(c => endsAt(c.location) === key)
          const pending = drafts.filter(d => endsAt(d.location) === key)
          const form = selection != null && selection.path === path && lineKey(selection.side, selectionRange(selection)[1]) === key
          if (threads.length === 0 && pending.length === 0 && !form) return null
          return (
            <div class='patch-below' key={key}>
              {threads.map(c => <Thread key={c.comment.id} {...props} c={c} />)}
              {pending.map(d => <PendingComment key={d.id} {...props} d={d} onRemove={() => setDraft(removeDraftComment(draft, d.id))} />)}
              {form && <LineCommentForm key={`${selection.path}:${selection.side}:${selection.anchor}:${selection.head}`} {...props} selection={selection} draft={draft} setDraft={setDraft} onDone={() => setSelection(undefined)} onProblem={setProblem} />}
            </div>
          )
        }
      }
    }
    return (d: FileDelta): DiffLineTools => {
      let t = cache.get(d.path)
      if (t == null) { t = build(d.path); cache.set(d.path, t) }
      return t
    }
  }, [comments, draft, selection, rev.id])

  const note = useMemo(() => (d: FileDelta, diff: TextDiff | undefined) => {
    const placed = placeComments(comments, d.path, diff).elsewhere.filter(c => c.status !== 'outdated')
    if (placed.length === 0) return null
    return (
      <div class='patch-file-note' data-testid='file-note'>
        <p class='muted small'>{plural(placed.length, 'comment')} on lines this diff does not show:</p>
        {placed.map(c => <Thread key={c.comment.id} {...props} c={c} />)}
      </div>
    )
  }, [comments, rev.id])

  const added = diffs.bodies.reduce((n, f) => n + (f?.diff?.added ?? 0), 0)
  const removed = diffs.bodies.reduce((n, f) => n + (f?.diff?.removed ?? 0), 0)
  return (
    <div class='patch-files' data-testid='patch-files'>
      <div class='row spread patch-files-bar'>
        <span data-testid='patch-files-stats'>
          {list.value != null ? <>{plural(list.value.total, 'file')} changed, {diffs.done ? <><span class='ok-text'>+{formatCount(added)}</span> <span class='error-text'>−{formatCount(removed)}</span></> : <span class='muted'>counting…</span>}</> : <span class='muted'>Listing the files…</span>}
          {index < patch.revisions.length - 1 && <span class='muted small'> · revision {index + 1} of {patch.revisions.length}</span>}
        </span>
        <span class='patch-review-wrap'>
          <button type='button' class={reviewing ? '' : 'primary'} aria-expanded={reviewing} onClick={() => setReviewing(!reviewing)} data-testid='review-button'>
            Review{draft.comments.length > 0 && <span class='tab-count' data-testid='review-draft-count'>{draft.comments.length}</span>}
          </button>
        </span>
      </div>
      {otherDrafts(record.rid, patch.id, patch.revisions.map(r => r.id), rev.id).map(o => (
        <p key={o.number} class='muted small' data-testid='drafts-elsewhere'>You have {plural(o.comments, 'draft comment')} on revision {o.number}: <a href={patchLink(record.rid, patch.id, { rev: o.number, tab: 'files' })}>review them there</a>.</p>
      ))}
      {reviewing && <PatchReviewPanel {...props} draft={draft} setDraft={setDraft} onDone={() => setReviewing(false)} />}
      {problem != null && <p class='error-text small' role='alert'>{problem}</p>}
      {list.error != null && <p class='error-text' role='alert'>Cannot list the files: {list.error.message}</p>}
      {inline.error != null && <p class='error-text small' role='alert'>Cannot place the comments: {inline.error.message}</p>}
      {away.length > 0 && (
        <section class='card patch-outdated' data-testid='outdated-comments'>
          <h3 class='small'>{plural(away.length, 'comment')} on code this revision no longer has</h3>
          {away.map(c => <Thread key={c.comment.id} {...props} c={c} />)}
        </section>
      )}
      {list.value != null && list.value.total > deltas.length && <p class='muted'>Showing the first {formatCount(deltas.length)} files.</p>}
      {list.value != null && deltas.length === 0 && <p class='card muted'>This revision changes no file.</p>}
      {list.value != null && deltas.length > 0 && (
        <DiffFiles rid={record.rid} oid={rev.oid} deltas={deltas} bodies={diffs.bodies} errors={diffs.errors} want={diffs.want} app={app} record={record} lineTools={tools} fileNote={note} />
      )}
      {draft.comments.length > 0 && !reviewing && <p class='muted small'>{plural(draft.comments.length, 'pending comment')} in your review: <button type='button' class='link' onClick={() => setReviewing(true)}>finish the review</button> to publish {draft.comments.length === 1 ? 'it' : 'them'}.</p>}
    </div>
  )
}

function Thread ({ app, record, patch, now, c }: PatchPageProps & { c: InlineComment }) {
  return <PatchInlineThread app={app} record={record} patch={patch} root={c.comment} replies={c.replies} location={c.location} status={c.status} madeOn={c.madeOn} madeOnNumber={c.madeOnNumber} review={c.review} now={now} excerpt={c.status === 'outdated'} />
}

function PendingComment ({ record, d, onRemove }: PatchPageProps & { d: DraftComment, onRemove: () => void }) {
  return (
    <div class='patch-thread pending' data-testid='draft-comment' data-path={d.location.path}>
      <div class='patch-thread-head small'>
        <code>{locationWords(d.location)}</code> <span class='tag'>pending</span>
        <span class='patch-thread-tools'><button type='button' class='link' onClick={onRemove} data-testid='remove-draft-comment'>Remove</button></span>
      </div>
      <div class='issue-comment-body'><IssueMarkdown record={record} body={d.body} /></div>
    </div>
  )
}

function LineCommentForm ({ app, record, patch, index, selection, draft, setDraft, onDone, onProblem }: PatchPageProps & { selection: LineSelection, draft: ReviewDraft, setDraft: (d: ReviewDraft) => void, onDone: () => void, onProblem: (p: string | undefined) => void }) {
  const rev = patch.revisions[index]
  const [text, setText] = useState('')
  const act = useAction()
  const location = selectionLocation(selection, rev.oid)
  const addToReview = (): void => {
    if (text.trim() === '') return
    const next = addDraftComment(draft, text, location, Date.now())
    if (next == null) { onProblem('Your review holds as many comments as it can: publish it first'); return }
    setDraft(next)
    onDone()
  }
  const now = async (): Promise<void> => {
    if (text.trim() === '') return
    if (await act.run(async () => app.repos.patches.comment(record, patch.id, { revision: rev.id, body: text, location }))) onDone()
  }
  return (
    <div class='patch-line-form' data-testid='inline-comment-form'>
      <p class='small muted'>Comment on {selectionWords(selection)} of <code>{selection.path}</code> <span class='muted'>(shift-click another line’s + for a range)</span></p>
      <IssueEditor record={record} value={text} onInput={setText} label='Comment on the lines' placeholder='Leave a comment' rows={3} testid='inline-comment-input' autofocus onSubmit={addToReview} />
      <div class='row issue-buttons'>
        <button type='button' disabled={act.busy} onClick={onDone}>Cancel</button>
        <button type='button' disabled={act.busy || text.trim() === ''} onClick={() => { void now() }} data-testid='comment-now'>{act.busy ? 'Sending…' : 'Comment now'}</button>
        <button type='button' class='primary' disabled={act.busy || text.trim() === ''} onClick={addToReview} data-testid='add-to-review'>Add to review</button>
      </div>
      {act.error != null && <p class='error-text small' role='alert'>{act.error}</p>}
    </div>
  )
}
