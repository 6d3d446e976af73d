// Finishing a review: a summary, a verdict (accept, reject, or comment
// only) and the pending inline comments, published as one change; the
// draft is cleared only once it is. A review that says nothing is refused.
import { useState } from 'preact/hooks'
import { useAction } from './issue-action.js'
import { EMPTY_DRAFT, reviewProblem } from './patch-drafts.js'
import type { ReviewDraft } from './patch-drafts.js'
import { IssueEditor } from './IssueEditor.js'
import { plural } from './format.js'
import type { PatchPageProps } from './PatchView.js'
import type { Verdict } from '../../app/types.js'

export function PatchReviewPanel ({ app, record, patch, index, draft, setDraft, onDone }: PatchPageProps & { draft: ReviewDraft, setDraft: (d: ReviewDraft) => void, onDone: () => void }) {
  const rev = patch.revisions[index]
  const [verdict, setVerdict] = useState<Verdict | undefined>()
  const [problem, setProblem] = useState<string | undefined>()
  const act = useAction()
  const mine = patch.author === patch.me
  const publish = async (): Promise<void> => {
    const wrong = reviewProblem(verdict, draft.summary, draft.comments.length)
    setProblem(wrong)
    if (wrong != null) return
    const ok = await act.run(async () => app.repos.patches.review(record, patch.id, {
      revision: rev.id,
      ...(verdict != null ? { verdict } : {}),
      ...(draft.summary.trim() !== '' ? { summary: draft.summary } : {}),
      comments: draft.comments.map(c => ({ body: c.body, location: c.location }))
    }))
    if (ok) { setDraft(EMPTY_DRAFT); onDone() }
  }
  const choice = (v: Verdict | undefined, testid: string, words: string, hint: string) => (
    <label class='patch-verdict-choice'>
      <input type='radio' name='verdict' checked={verdict === v} onChange={() => { setVerdict(v); setProblem(undefined) }} data-testid={testid} />
      <span><strong>{words}</strong><br /><span class='muted small'>{hint}</span></span>
    </label>
  )
  return (
    <section class='card patch-review-panel' data-testid='review-panel'>
      <h3>Finish your review of revision {index + 1}</h3>
      <IssueEditor record={record} value={draft.summary} onInput={t => { setDraft({ ...draft, summary: t }); setProblem(undefined) }} label='Review summary' placeholder='Leave a summary (Markdown)' rows={4} testid='review-summary' />
      <fieldset class='patch-verdicts'>
        <legend class='small muted'>Verdict</legend>
        {choice(undefined, 'review-comment-only', 'Comment', 'Feedback without a verdict.')}
        {choice('accept', 'review-accept', 'Accept', mine ? 'Your own patch: a delegate’s accept is what counts.' : 'Approve these changes to merge.')}
        {choice('reject', 'review-reject', 'Reject', 'Changes are needed before it can merge.')}
      </fieldset>
      <div class='row issue-buttons'>
        <span class='muted small'>{draft.comments.length > 0 ? `${plural(draft.comments.length, 'pending comment')} ${draft.comments.length === 1 ? 'goes' : 'go'} with it` : 'No pending comments'}</span>
        <button type='button' disabled={act.busy} onClick={onDone}>Cancel</button>
        <button type='button' class='primary' disabled={act.busy} onClick={() => { void publish() }} data-testid='publish-review'>{act.busy ? 'Publishing…' : 'Publish review'}</button>
      </div>
      {(problem ?? act.error) != null && <p class='error-text small' role='alert' data-testid='review-error'>{problem ?? act.error}</p>}
    </section>
  )
}
