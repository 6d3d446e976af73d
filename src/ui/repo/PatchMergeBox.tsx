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
  // the plan, and the merge, are of the latest revision as shown here: if another revision or a retarget arrives meanwhile, the handle refuses and the box plans again
  const live = patch.revisions.filter(r => r.redacted !== true)
  const latest = live[live.length - 1]
  const number = patch.revisions.indexOf(latest) + 1
  const plan = useLoad(async signal => open ? await app.repos.patches.mergePlan(await latestRecord(app, record, version), patch.id, latest.id, { signal }) : undefined, [record.rid, patch.id, version, open, latest.id])
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
  const merge = (): void => { void act.run(async () => app.repos.patches.merge(record, patch.id, latest.id, { target: patch.target, targetHead: p?.targetHead })) }
  const author = latest.author === patch.me
  return (
    <section class={`patch-merge-box plan-${p?.kind ?? 'pending'}`} data-testid='merge-box'>
      <span class='patch-merge-icon' aria-hidden='true'><PatchMergedIcon /></span>
      <div class='patch-merge-main'>
        {plan.error != null && <p class='error-text' role='alert'>Cannot tell whether it merges: {plan.error.message}</p>}
        {p == null && plan.error == null && <p class='muted'>Checking whether it merges…</p>}
        {p != null && (
          <>
            <p data-testid='merge-plan' data-kind={p.kind}><strong>{mergePlanWords(p, patch.target)}</strong> <span class='muted small'>Revision {number} by <span class='issue-who' title={latest.author}>{whoWords(latest.author, patch.me)}</span>.</span></p>
            {p.kind === 'conflict' && (
              <>
                {p.conflicts.length > 0 && <ul class='patch-conflicts' data-testid='merge-conflicts'>{(p.reason != null ? p.reason.split('\n') : p.conflicts.slice(0, 100)).map(f => <li key={f}><code>{f}</code></li>)}</ul>}
                {p.conflicts.length === 0 && p.reason != null && <p class='small'>{p.reason}</p>}
                <p class='muted small'>{author
                  ? <>Merge {patch.target} into your branch with git, resolve the conflicts, commit, and update the patch.</>
                  : patch.moderator
                    ? <>Merge it with git (fetch the revision's head <code>{shortOid(p.head)}</code>, merge it into {patch.target}, resolve the conflicts), or ask the author to merge {patch.target} into their branch and update the patch.</>
                    : <>Its author can merge {patch.target} into their branch and update the patch.</>}
                </p>
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
