// For the patch's author: when their branch has moved past the latest
// revision, "Your branch has N new commits — Update patch", with a
// description of what changed. The branch is the one the latest revision
// names (else the one remembered here, else one of this tab's branches
// whose head is a revision's).
import { useState } from 'preact/hooks'
import { latestRecord, useAction, useLoad, useReposVersion } from './issue-action.js'
import { IssueEditor } from './IssueEditor.js'
import { commitsWords } from './patch-words.js'
import type { PatchPageProps } from './PatchView.js'

const branchKey = (rid: string, id: string): string => `guts:patch-branch:${rid}:${id}`
export function rememberPatchBranch (rid: string, id: string, branch: string): void {
  try { localStorage.setItem(branchKey(rid, id), branch) } catch { /* not remembered: found by its head next time */ }
}
function rememberedBranch (rid: string, id: string): string | undefined {
  try { return localStorage.getItem(branchKey(rid, id)) ?? undefined } catch { return undefined }
}

export function PatchUpdateBox ({ app, record, patch }: PatchPageProps) {
  const version = useReposVersion(app)
  const mine = patch.author === patch.me && patch.shown !== 'merged'
  const latest = patch.revisions[patch.revisions.length - 1]
  const found = useLoad(async () => {
    if (!mine) return undefined
    const latestRec = await latestRecord(app, record, version)
    const branches = await app.repos.patches.proposable(latestRec, patch.target)
    const oids = new Set(patch.revisions.map(r => r.oid))
    const named = [...patch.revisions].reverse().find(r => r.branch != null)?.branch ?? rememberedBranch(record.rid, patch.id)
    const b = branches.find(x => x.branch === named) ?? branches.find(x => oids.has(x.head))
    if (b == null || b.head === latest.oid) return undefined
    // how many commits the branch has that the latest revision has not
    const c = await app.repos.compare(latestRec, latest.oid, b.head)
    return { branch: b.branch, head: b.head, ahead: c.ahead }
  }, [record.rid, patch.id, version, latest.oid, mine])
  const [description, setDescription] = useState('')
  const act = useAction()
  const b = found.value
  if (b == null) return null
  const update = async (): Promise<void> => {
    if (await act.run(async () => app.repos.patches.revise(record, patch.id, { branch: b.branch, head: b.head, description }))) {
      rememberPatchBranch(record.rid, patch.id, b.branch)
      setDescription('')
    }
  }
  return (
    <section class='patch-update-box' data-testid='update-box'>
      <p><strong>Your branch <code>{b.branch}</code> {b.ahead > 0 ? <>has {commitsWords(b.ahead)} the patch has not</> : <>has moved</>}</strong> — update the patch to propose them as revision {patch.revisions.length + 1}.</p>
      <IssueEditor record={record} value={description} onInput={setDescription} label='What changed in this revision' placeholder='What changed since the last revision (Markdown)' rows={3} testid='update-patch-description' />
      <div class='row issue-buttons'>
        <button type='button' class='primary' disabled={act.busy} onClick={() => { void update() }} data-testid='update-patch'>{act.busy ? 'Updating…' : 'Update patch'}</button>
      </div>
      {act.error != null && <p class='error-text small' role='alert'>{act.error}</p>}
    </section>
  )
}
