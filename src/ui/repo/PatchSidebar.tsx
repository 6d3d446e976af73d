// Beside a patch's conversation (below it on a phone): who reviewed and
// their latest verdict, the labels and assignees (a delegate edits them).
import { VerdictBadge } from './PatchConversation.js'
import { reviewers } from './patch-timeline.js'
import { whoWords } from './issue-words.js'
import { AssigneesBox, LabelsBox } from './SideBoxes.js'
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
      <LabelsBox rid={record.rid} labels={patch.labels} moderator={patch.moderator} change={async (c) => app.repos.patches.label(record, patch.id, c)} onPick={(l) => { location.hash = patchesLink(record.rid, { label: l }) }} ids={{ box: 'patch-labels', input: 'patch-label-input', add: 'patch-add-label' }} />
      <AssigneesBox assignees={patch.assignees} me={patch.me} moderator={patch.moderator} change={async (c) => app.repos.patches.assign(record, patch.id, c)} ids={{ box: 'patch-assignees', input: 'patch-assignee-input' }} />
    </aside>
  )
}
