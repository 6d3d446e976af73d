// What merging the latest revision would do now (found without writing
// anything): already in the target, a fast-forward, a clean merge commit,
// or conflicts (listed; merged by hand with git). A delegate merges from
// here; once merged, who and the commit.
import { latestRecord, useAction, useLoad, useReposVersion } from './issue-action.js'
import { PatchMergedIcon } from './PatchIcons.js'
import { mergePlanWords } from './patch-words.js'
import { whoWords } from './issue-words.js'
import { shortOid } from './format.js'
import { commitLink } from './links.js'
import type { PatchPageProps } from './PatchView.js'

export function PatchMergeBox ({ app, record, patch }: PatchPageProps) {
  const version = useReposVersion(app)
  const open = patch.shown === 'open' || patch.shown === 'draft'
  const plan = useLoad(async signal => open ? await app.repos.patches.mergePlan(await latestRecord(app, record, version), patch.id, undefined, { signal }) : undefined, [record.rid, patch.id, version, open, patch.revisions.length])
  const act = useAction()
  if (patch.merged != null) {
    const m = patch.merged
    return (
      <section class='patch-merge-box merged' data-testid='merge-box'>
        <span class='patch-merge-icon' aria-hidden='true'><PatchMergedIcon /></span>
        <div>
          <strong>Merged</strong>{m.by.length > 0 && <> by {m.by.map((p, i) => <span key={p}>{i > 0 && ', '}<span class='issue-who' title={p}>{whoWords(p, patch.me)}</span></span>)}</>} into <code>{patch.target}</code> as <a href={commitLink(record.rid, m.commit)}><code>{shortOid(m.commit)}</code></a>.
          {m.by.length === 0 && <p class='muted small'>{patch.target} came to hold this revision’s commits by other means.</p>}
        </div>
      </section>
    )
  }
  if (!open) return null
  const p = plan.value
  const merge = (): void => { void act.run(async () => app.repos.patches.merge(record, patch.id)) }
  return (
    <section class={`patch-merge-box plan-${p?.kind ?? 'pending'}`} data-testid='merge-box'>
      <span class='patch-merge-icon' aria-hidden='true'><PatchMergedIcon /></span>
      <div class='patch-merge-main'>
        {plan.error != null && <p class='error-text' role='alert'>Cannot tell whether it merges: {plan.error.message}</p>}
        {p == null && plan.error == null && <p class='muted'>Checking whether it merges…</p>}
        {p != null && (
          <>
            <p data-testid='merge-plan' data-kind={p.kind}><strong>{mergePlanWords(p, patch.target)}</strong></p>
            {p.kind === 'conflict' && (
              <>
                {p.reason != null && <p class='small'>{p.reason}</p>}
                <ul class='patch-conflicts' data-testid='merge-conflicts'>{p.conflicts.slice(0, 100).map(f => <li key={f}><code>{f}</code></li>)}</ul>
                <p class='muted small'>Merge it by hand: fetch the revision (<code>{shortOid(p.head)}</code>) with git, merge it into {patch.target} and resolve the conflicts; or ask the author to rebase and update the patch.</p>
              </>
            )}
            {patch.shown === 'draft' && <p class='muted small'>This patch is a draft: its author has not asked for review yet.</p>}
            {patch.moderator && p.kind !== 'conflict' && (
              <div class='row'>
                <button type='button' class='primary' disabled={act.busy} onClick={merge} data-testid='merge-button'>{act.busy ? 'Merging…' : p.kind === 'up-to-date' ? 'Mark as merged' : p.kind === 'fast-forward' ? 'Merge (fast-forward)' : 'Merge'}</button>
              </div>
            )}
            {!patch.moderator && <p class='muted small'>Only the repository’s delegates merge.</p>}
          </>
        )}
        {act.error != null && <p class='error-text small' role='alert' data-testid='merge-error'>{act.error}</p>}
      </div>
    </section>
  )
}
